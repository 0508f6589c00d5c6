//! ZIP archives with stored (uncompressed) entries: the evidence bundle (`docs/package-format.md`)
//! that opens with any standard tool. Evidence files (PDF, images, spreadsheets) are already
//! compressed, so storing them costs little and keeps this small: no deflate, no ZIP64 (a
//! bundle stays far below 4 GiB: `core::evidence::MAX_TOTAL_BYTES`).
//!
//! [`layout`] writes only the headers around each entry's bytes, from its name, size and CRC-32:
//! the widget asks for them and joins them with the stored files into one `Blob`, without
//! copying the files through the wasm. [`write`] joins them natively; [`read`] reads back an
//! archive of stored entries (`openfem verify` of a bundle).

/// The CRC-32 (IEEE 802.3, as ZIP uses it) of `data`, continuing from `crc` (0 to start).
pub fn crc32_update(crc: u32, data: &[u8]) -> u32 {
    let mut c = !crc;
    for &byte in data {
        c ^= u32::from(byte);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

/// The CRC-32 of `data`.
pub fn crc32(data: &[u8]) -> u32 {
    crc32_update(0, data)
}

/// One entry of an archive: its path inside (`/`-separated, UTF-8), size and CRC-32.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub name: String,
    pub size: u32,
    pub crc32: u32,
}

/// A piece of an archive: header bytes, or the bytes of entry number `n` (in the order given).
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Bytes(Vec<u8>),
    Entry(usize),
}

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_CENTRAL: u32 = 0x0605_4b50;
/// Version 2.0: what a stored entry needs.
const VERSION: u16 = 20;
/// General purpose flag bit 11: names are UTF-8 (a file named in Chinese or Vietnamese).
const UTF8_NAMES: u16 = 1 << 11;
/// 1 January 2026, 00:00, in MS-DOS form: the archive does not depend on the clock (the same
/// package and files always give the same bundle).
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = ((2026 - 1980) << 9) | (1 << 5) | 1;

/// The archive of `entries`: local headers, each followed by its entry's bytes, then the
/// central directory. Names must be unique (the caller makes them so).
pub fn layout(entries: &[Entry]) -> Vec<Part> {
    let mut parts = Vec::with_capacity(2 * entries.len() + 1);
    let mut central = Vec::new();
    let mut offset: u32 = 0;
    for (i, entry) in entries.iter().enumerate() {
        let name = entry.name.as_bytes();
        let mut local = Vec::with_capacity(30 + name.len());
        put32(&mut local, LOCAL_HEADER);
        common_fields(&mut local, entry);
        put16(&mut local, 0); // extra field length
        local.extend_from_slice(name);
        central_entry(&mut central, entry, offset);
        offset = offset
            .wrapping_add(local.len() as u32)
            .wrapping_add(entry.size);
        parts.push(Part::Bytes(local));
        parts.push(Part::Entry(i));
    }
    let mut end = central;
    let central_size = end.len() as u32;
    put32(&mut end, END_OF_CENTRAL);
    put16(&mut end, 0); // this disk
    put16(&mut end, 0); // disk of the central directory
    put16(&mut end, entries.len() as u16);
    put16(&mut end, entries.len() as u16);
    put32(&mut end, central_size);
    put32(&mut end, offset);
    put16(&mut end, 0); // comment length
    parts.push(Part::Bytes(end));
    parts
}

/// Version needed, flags, method, time, date, CRC-32, sizes and name length: the fields local
/// and central headers share, in that order.
fn common_fields(out: &mut Vec<u8>, entry: &Entry) {
    put16(out, VERSION);
    put16(out, UTF8_NAMES);
    put16(out, 0); // method: stored
    put16(out, DOS_TIME);
    put16(out, DOS_DATE);
    put32(out, entry.crc32);
    put32(out, entry.size); // compressed size
    put32(out, entry.size); // uncompressed size
    put16(out, entry.name.len() as u16);
}

fn central_entry(out: &mut Vec<u8>, entry: &Entry, offset: u32) {
    put32(out, CENTRAL_HEADER);
    put16(out, VERSION); // made by: MS-DOS attributes, version 2.0
    common_fields(out, entry);
    put16(out, 0); // extra field length
    put16(out, 0); // comment length
    put16(out, 0); // disk number
    put16(out, 0); // internal attributes
    put32(out, 0); // external attributes
    put32(out, offset);
    out.extend_from_slice(entry.name.as_bytes());
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The archive of `(name, bytes)` files, in memory.
pub fn write(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let entries: Vec<Entry> = files
        .iter()
        .map(|(name, bytes)| Entry {
            name: name.clone(),
            size: bytes.len() as u32,
            crc32: crc32(bytes),
        })
        .collect();
    let mut out = Vec::new();
    for part in layout(&entries) {
        match part {
            Part::Bytes(b) => out.extend_from_slice(&b),
            Part::Entry(i) => out.extend_from_slice(&files[i].1),
        }
    }
    out
}

/// Why an archive cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ZipError(pub String);

impl std::fmt::Display for ZipError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ZipError {}

/// Whether `data` starts like a ZIP archive.
pub fn is_zip(data: &[u8]) -> bool {
    data.starts_with(&LOCAL_HEADER.to_le_bytes()) || data.starts_with(&END_OF_CENTRAL.to_le_bytes())
}

/// The entries of an archive of stored entries, as `(name, bytes)` in the central directory's
/// order. A compressed entry or a truncated archive is an error naming the entry (a bundle is
/// only ever written stored; one repacked with compression is refused plainly rather than
/// misread). CRC-32s are not checked here: the caller checks each file's SHA-256, which names
/// a changed file more surely.
pub fn read(data: &[u8]) -> Result<Vec<(String, Vec<u8>)>, ZipError> {
    let bad = |why: &str| ZipError(why.to_string());
    // The end record is the last 22 bytes when there is no comment; search back over one.
    let end = (0..=data.len().saturating_sub(22))
        .rev()
        .take(22 + 65_535)
        .find(|&at| get32(data, at) == Some(END_OF_CENTRAL))
        .ok_or_else(|| bad("not a ZIP archive (no end of central directory)"))?;
    let count = get16(data, end + 10).ok_or_else(|| bad("truncated"))? as usize;
    let mut at = get32(data, end + 16).ok_or_else(|| bad("truncated"))? as usize;
    let mut files = Vec::with_capacity(count);
    for _ in 0..count {
        if get32(data, at) != Some(CENTRAL_HEADER) {
            return Err(bad("broken central directory"));
        }
        let field = |o: usize| get16(data, at + o).ok_or_else(|| bad("truncated"));
        let method = field(10)?;
        let size = get32(data, at + 20).ok_or_else(|| bad("truncated"))? as usize;
        let name_len = field(28)? as usize;
        let extra_len = field(30)? as usize;
        let comment_len = field(32)? as usize;
        let local = get32(data, at + 42).ok_or_else(|| bad("truncated"))? as usize;
        let name_bytes = data
            .get(at + 46..at + 46 + name_len)
            .ok_or_else(|| bad("truncated"))?;
        let name = String::from_utf8_lossy(name_bytes).into_owned();
        if method != 0 {
            return Err(ZipError(format!(
                "{name}: compressed (method {method}); a bundle holds its files stored"
            )));
        }
        if get32(data, local) != Some(LOCAL_HEADER) {
            return Err(ZipError(format!("{name}: broken local header")));
        }
        let local_name = get16(data, local + 26).ok_or_else(|| bad("truncated"))? as usize;
        let local_extra = get16(data, local + 28).ok_or_else(|| bad("truncated"))? as usize;
        let start = local + 30 + local_name + local_extra;
        let bytes = data
            .get(start..start + size)
            .ok_or_else(|| ZipError(format!("{name}: truncated")))?;
        files.push((name, bytes.to_vec()));
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(files)
}

fn get16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn get32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_of_the_check_string() {
        // The standard check value of CRC-32/ISO-HDLC.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32_update(crc32(b"12345"), b"6789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn written_archives_read_back() {
        let files = vec![
            ("a.json".to_string(), b"{}".to_vec()),
            (
                "evidence/q1/b\u{1ea1}n.pdf".to_string(),
                vec![0u8, 1, 2, 255],
            ),
            ("empty.txt".to_string(), Vec::new()),
        ];
        let zip = write(&files);
        assert!(is_zip(&zip));
        assert_eq!(read(&zip).unwrap(), files);
    }

    #[test]
    fn a_compressed_entry_is_refused_by_name() {
        let mut zip = write(&[("x.bin".to_string(), b"hello".to_vec())]);
        // The method field of the central header (offset 10 from its signature).
        let central = zip
            .windows(4)
            .position(|w| w == CENTRAL_HEADER.to_le_bytes())
            .unwrap();
        zip[central + 10] = 8;
        let err = read(&zip).unwrap_err().0;
        assert!(err.contains("x.bin") && err.contains("compressed"), "{err}");
    }
}
