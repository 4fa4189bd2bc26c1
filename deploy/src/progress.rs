//! Progress of long multi-step commands, on stderr (stdout stays for results).
use crate::backend::Gas;
use std::io::Write;
use std::time::Instant;

pub struct Progress {
    total: usize,
    n: usize,
    started: Instant,
}

impl Progress {
    pub fn new(total: usize) -> Progress {
        Progress {
            total,
            n: 0,
            started: Instant::now(),
        }
    }

    pub fn start(&mut self, what: &str) {
        self.n += 1;
        self.started = Instant::now();
        let width = self.total.to_string().len();
        eprint!("[{:>width$}/{}] {what} … ", self.n, self.total);
        let _ = std::io::stderr().flush();
    }

    pub fn done(&mut self, gas: &Gas) {
        let ms = self.started.elapsed().as_millis();
        if gas.ref_time > 0 {
            eprintln!(
                "ok ({ms} ms; ref_time {}, proof_size {}, deposit {})",
                gas.ref_time, gas.proof_size, gas.storage_deposit
            );
        } else {
            eprintln!("ok ({ms} ms; deposit {})", gas.storage_deposit);
        }
    }

    pub fn failed(&mut self, e: &dyn std::fmt::Display) {
        eprintln!("FAILED\n  {e}");
    }
}
