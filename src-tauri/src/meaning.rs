//! Ranking by meaning in the desktop: prepared in the background for the library in use, and
//! where that stands, for 关于. An office pack's own texts need their sentence vectors computed
//! first (about 25 ms each on two cores), so a pack of new items can take a minute; until then
//! search answers by words alone, and 关于 says so and shows the progress instead of a stale
//! "不可用" from the moment the page loaded.

use cailiang::library::Store;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Where ranking by meaning stands for the library in use.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Status {
    /// The library's texts without a vector are being computed (`done` of `total`), or the
    /// model is loading (`total` 0).
    Preparing { done: usize, total: usize },
    /// Search ranks by meaning with this model file.
    Ready { model: String },
    /// Search answers by words alone, for this reason.
    Unavailable { reason: String },
}

/// The status of the latest library's preparation. Each preparation has a generation; one that
/// a library switch has overtaken no longer writes the status.
pub struct Meaning {
    generation: AtomicU64,
    status: Mutex<Status>,
}

impl Default for Meaning {
    fn default() -> Meaning {
        Meaning {
            generation: AtomicU64::new(0),
            status: Mutex::new(Status::Preparing { done: 0, total: 0 }),
        }
    }
}

impl Meaning {
    pub fn status(&self) -> Status {
        match self.status.lock() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set(&self, generation: u64, status: Status) {
        let mut s = match self.status.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        // Checked under the lock, so a newer preparation's first status is never overwritten.
        if self.generation.load(Ordering::SeqCst) == generation {
            *s = status;
        }
    }

    /// In the background: computes the sentence vectors of the library's texts that have none
    /// (kept in the user's cache), then loads the embedding model, so that searches rank by
    /// meaning too. A search that comes first is answered by words alone.
    pub fn prepare(self: &Arc<Self>, store: Arc<Store>) {
        let generation = {
            let mut s = match self.status.lock() {
                Ok(s) => s,
                Err(poisoned) => poisoned.into_inner(),
            };
            *s = Status::Preparing { done: 0, total: 0 };
            self.generation.fetch_add(1, Ordering::SeqCst) + 1
        };
        let me = Arc::clone(self);
        std::thread::spawn(move || {
            let progress = |done: usize, total: usize| {
                me.set(generation, Status::Preparing { done, total });
            };
            match cailiang::search::semantic::complete(&store.lib, &progress) {
                Ok(0) => {}
                Ok(n) => eprintln!("cailiang-desktop: computed the sentence vectors of {n} texts"),
                Err(e) => eprintln!("cailiang-desktop: cannot compute sentence vectors: {e}"),
            }
            let status = match store.searcher.meaning_model(&store.lib) {
                Ok(p) => {
                    eprintln!("cailiang-desktop: ranking by meaning with {}", p.display());
                    Status::Ready {
                        model: p.display().to_string(),
                    }
                }
                Err(reason) => {
                    eprintln!(
                        "cailiang-desktop: ranking by meaning is not available, words only: {reason}"
                    );
                    Status::Unavailable { reason }
                }
            };
            me.set(generation, status);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overtaken_preparation_does_not_write_the_status() {
        let m = Meaning::default();
        m.generation.store(2, Ordering::SeqCst);
        m.set(
            1,
            Status::Unavailable {
                reason: "old library".into(),
            },
        );
        assert_eq!(m.status(), Status::Preparing { done: 0, total: 0 });
        m.set(
            2,
            Status::Ready {
                model: "e5-small-q4.bin".into(),
            },
        );
        assert_eq!(
            m.status(),
            Status::Ready {
                model: "e5-small-q4.bin".into()
            }
        );
    }

    #[test]
    fn the_status_reads_as_the_front_end_expects() {
        let v = serde_json::to_value(Status::Preparing { done: 3, total: 10 }).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"state": "preparing", "done": 3, "total": 10})
        );
    }
}
