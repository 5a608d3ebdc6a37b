//! One deflate loop for the PDF's streams and the EPUB's zip entries, each with its own
//! per-thread compressor (level and zlib header differ).

/// Compresses the whole of `data` with `compress`, reset first: reusing one compressor per
/// thread saves allocating and zeroing its window and tables for every stream or entry.
pub(crate) fn deflate_with(compress: &mut flate2::Compress, data: &[u8]) -> Vec<u8> {
    compress.reset();
    let mut out = Vec::with_capacity(data.len() / 3 + 64);
    loop {
        let consumed = (compress.total_in() as usize).min(data.len());
        // Compressing into a Vec with room left cannot fail.
        match compress.compress_vec(&data[consumed..], &mut out, flate2::FlushCompress::Finish) {
            Ok(flate2::Status::StreamEnd) | Err(_) => return out,
            Ok(_) => out.reserve(out.capacity().max(64)),
        }
    }
}
