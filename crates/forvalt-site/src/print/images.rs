//! Images for print: a PNG is decoded whole before it goes into the PDF (krilla decodes it
//! only when writing, where a broken file would spoil the whole document), within limits.

/// The most pixels a printed image may have (a 8000 × 8000 picture).
pub(crate) const MAX_PIXELS: u64 = 64_000_000;

/// A PNG's size in pixels, when the whole image decodes within the limits.
pub(crate) fn png_size(bytes: &[u8]) -> Result<(u32, u32), String> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_limits(png::Limits { bytes: 512 << 20 });
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let (w, h) = (reader.info().width, reader.info().height);
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(format!("it has {w} × {h} pixels"));
    }
    let size = reader.output_buffer_size().ok_or("it is too large")?;
    let mut buf = vec![0; size];
    reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    Ok((w, h))
}
