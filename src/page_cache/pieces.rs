//! A gzip stream put together from pieces deflated ahead of time, so that a reader's own page is
//! compressed by copying. Each piece of the shared page is deflated alone and ends on a byte
//! boundary (a sync flush), so pieces can follow one another in any order (RFC 1951 lets a
//! stream be any run of blocks); a reader's own part goes in as a stored block. The checksum is
//! the one thing computed over the whole page, and CRC-32 runs at memory speed.

use flate2::{Compress, Compression, FlushCompress};

/// The level the pieces are deflated at, once, when the page is filled: zlib's default.
const LEVEL: u32 = 6;
/// A gzip member's header: deflate, no name, no time, unknown system (RFC 1952).
const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
/// An empty final block with fixed codes: what ends the stream.
const LAST_BLOCK: [u8; 2] = [0x03, 0x00];
/// The most a stored block holds.
const STORED_MAX: usize = u16::MAX as usize;

/// `bytes` deflated alone (raw, no header) and flushed to a byte boundary, never final.
pub fn deflate(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut compress = Compress::new(Compression::new(LEVEL), false);
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    loop {
        let read = usize::try_from(compress.total_in()).map_err(std::io::Error::other)?;
        compress
            .compress_vec(&bytes[read..], &mut out, FlushCompress::Sync)
            .map_err(std::io::Error::other)?;
        // The flush is complete once all is read and the output did not fill the room given.
        if compress.total_in() == bytes.len() as u64 && out.len() < out.capacity() {
            return Ok(out);
        }
        out.reserve(out.capacity());
    }
}

/// One gzip stream being put together.
pub struct GzipStream {
    out: Vec<u8>,
    crc: crc32fast::Hasher,
    length: u32,
}

impl GzipStream {
    /// An empty stream with room for about `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        let mut out = Vec::with_capacity(capacity + HEADER.len() + 16);
        out.extend_from_slice(&HEADER);
        Self {
            out,
            crc: crc32fast::Hasher::new(),
            length: 0,
        }
    }

    /// Appends `raw`, given as `deflated` by [`deflate`].
    pub fn push_deflated(&mut self, raw: &[u8], deflated: &[u8]) {
        self.count(raw);
        self.out.extend_from_slice(deflated);
    }

    /// Appends `raw` as it is, in stored blocks.
    pub fn push_stored(&mut self, raw: &[u8]) {
        self.count(raw);
        for chunk in raw.chunks(STORED_MAX) {
            let len = u16::try_from(chunk.len()).unwrap_or(u16::MAX);
            self.out.push(0);
            self.out.extend_from_slice(&len.to_le_bytes());
            self.out.extend_from_slice(&(!len).to_le_bytes());
            self.out.extend_from_slice(chunk);
        }
    }

    /// The whole stream: its last block, then the checksum and length of what it holds.
    pub fn finish(mut self) -> Vec<u8> {
        self.out.extend_from_slice(&LAST_BLOCK);
        self.out
            .extend_from_slice(&self.crc.finalize().to_le_bytes());
        self.out.extend_from_slice(&self.length.to_le_bytes());
        self.out
    }

    fn count(&mut self, raw: &[u8]) {
        self.crc.update(raw);
        // ISIZE is the length modulo 2^32 (RFC 1952).
        self.length = self.length.wrapping_add(raw.len() as u32);
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;

    fn gunzip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn deflated_and_stored_pieces_read_back_as_the_whole_in_order() {
        let head = "<p>Une remarque argumentée sur le segment B.</p>".repeat(300);
        let tail = "<li>Batterie LFP, 44 kWh</li>".repeat(100);
        let own = "<button class=\"is-mine\">★</button>";
        let mut stream = GzipStream::with_capacity(4096);
        stream.push_deflated(head.as_bytes(), &deflate(head.as_bytes()).unwrap());
        stream.push_stored(own.as_bytes());
        stream.push_deflated(tail.as_bytes(), &deflate(tail.as_bytes()).unwrap());
        stream.push_deflated(b"", &deflate(b"").unwrap());
        let zipped = stream.finish();
        assert_eq!(gunzip(&zipped), format!("{head}{own}{tail}").as_bytes());
        assert!(zipped.len() < head.len() / 10);
    }

    #[test]
    fn a_stored_part_longer_than_one_block_and_an_empty_stream_read_back() {
        let long = vec![b'x'; STORED_MAX * 2 + 7];
        let mut stream = GzipStream::with_capacity(long.len());
        stream.push_stored(&long);
        assert_eq!(gunzip(&stream.finish()), long);
        assert!(gunzip(&GzipStream::with_capacity(0).finish()).is_empty());
    }
}
