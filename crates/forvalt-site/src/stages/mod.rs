//! The build in named stages, each taking the previous stage's data and returning its own:
//! load (forvalt-model) → [`plan`] → [`render`] → [`index`] → [`assemble`] → [`write`].

pub mod assemble;
pub mod index;
pub mod plan;
pub mod render;
pub mod write;

use serde::Serialize;
use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;

/// Feeds written bytes to a hasher.
struct HashWriter(DefaultHasher);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A hash of `value`'s serialised form, after `seed`: a page whose context hashes the same
/// as last time renders the same.
pub(crate) fn digest(seed: u64, value: &impl Serialize) -> u64 {
    let mut w = HashWriter(DefaultHasher::new());
    w.0.write_u64(seed);
    // Writing to a hasher cannot fail; a value that cannot be serialised hashes as its
    // prefix, and the template rendering it reports the problem.
    let _ = serde_json::to_writer(&mut w, value);
    w.0.finish()
}
