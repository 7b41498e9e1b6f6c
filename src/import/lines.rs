//! A reader that counts the lines the XML parser consumed, for the report's line numbers.

use std::io::{self, BufRead, Read};

/// Counts the lines the parser consumed, for the report.
pub struct Lines<R> {
    inner: R,
    /// The newlines consumed so far.
    pub newlines: u64,
}

impl<R> Lines<R> {
    /// Counts the lines of `inner`.
    pub fn new(inner: R) -> Self {
        Self { inner, newlines: 0 }
    }
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.newlines += count_newlines(&buf[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        if let Ok(buffered) = self.inner.fill_buf() {
            self.newlines += count_newlines(&buffered[..amount.min(buffered.len())]);
        }
        self.inner.consume(amount);
    }
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}
