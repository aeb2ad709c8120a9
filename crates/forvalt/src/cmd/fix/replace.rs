//! Reading and replacing files of a repository the way a careful editor does.
//!
//! Every path is walked from the repository's folder one name at a time (`openat`), never
//! following a symbolic link, so no link, however placed or swapped in, leads a write out
//! of the repository. A file is replaced only while its bytes are still those it was fixed
//! from: they are read again just before the replacement, and a file that changed is left
//! alone. The replacement is a new file in the same folder, given the old file's owner,
//! group and mode, then renamed over it; a file with other hard links, or whose owner the
//! new file cannot take, is written in place instead so that its links and owner stay.

use std::fs::File;
use std::io::{self, Read as _, Seek as _, SeekFrom};

/// Why a file is left alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Skip {
    /// The path is not a plain path inside the repository (or leads into `.git`).
    NotInside,
    /// The file, or a folder on its way, is a symbolic link.
    Link,
    /// The file is not a regular file (a folder, a pipe, a device).
    NotFile,
}

impl Skip {
    /// Why, for a note.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Skip::NotInside => "it is not a path inside the repository",
            Skip::Link => {
                "it is a symbolic link (or inside a linked folder), and fix never writes through links; fix the file it points to"
            }
            Skip::NotFile => "it is not a regular file",
        }
    }
}

/// Why a file could not be read or replaced.
#[derive(Debug)]
pub(crate) enum Error {
    /// Left alone on purpose.
    Skip(Skip),
    /// The file system failed.
    Io(io::Error),
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::Io(e)
    }
}

#[cfg(unix)]
impl From<rustix::io::Errno> for Error {
    fn from(e: rustix::io::Errno) -> Error {
        Error::Io(e.into())
    }
}

/// What [`Root::replace`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replaced {
    /// A new file took the old one's place (atomic: readers see the old or the new file).
    Renamed,
    /// The bytes were written into the file itself (it has other hard links, or its owner
    /// could not be given to a new file).
    InPlace,
    /// The file already held the new bytes.
    AlreadyNew,
    /// The file changed since it was read, or went away: it was left as it is.
    Changed,
}

/// The names of a repository path, or `None` when it is not a plain relative path.
fn names(rel: &str) -> Option<Vec<&str>> {
    let names: Vec<&str> = rel.split('/').collect();
    let plain = |n: &&str| !n.is_empty() && *n != "." && *n != ".." && *n != ".git";
    (names.iter().all(plain) && !rel.contains('\0')).then_some(names)
}

/// Reads all of `file` from its start.
fn read_all(mut file: &File) -> io::Result<Vec<u8>> {
    file.seek(SeekFrom::Start(0))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(unix)]
pub(crate) use unix::Root;

#[cfg(unix)]
mod unix {
    use super::{Error, Replaced, Skip, names, read_all};
    use rustix::fs::{AtFlags, FileType, Mode, OFlags, openat, renameat, statat, unlinkat};
    use rustix::io::Errno;
    use std::fs::{File, Permissions};
    use std::io::{self, Write as _};
    use std::os::fd::OwnedFd;
    use std::os::unix::fs::{FileExt as _, MetadataExt as _, PermissionsExt as _};
    use std::path::Path;

    /// A repository's folder, opened once; every path is resolved below it.
    #[derive(Debug)]
    pub(crate) struct Root {
        dir: OwnedFd,
    }

    /// How a file is opened.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Access {
        Read,
        ReadWrite,
    }

    impl Root {
        /// Opens the repository's folder.
        pub(crate) fn open(path: &Path) -> io::Result<Root> {
            let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
            let dir = openat(rustix::fs::CWD, path, flags, Mode::empty())?;
            Ok(Root { dir })
        }

        /// The bytes of the file at `rel`.
        pub(crate) fn read(&self, rel: &str) -> Result<Vec<u8>, Error> {
            let (dir, name) = self.parent(rel)?;
            Ok(read_all(&open_file(&dir, name, Access::Read)?)?)
        }

        /// Replaces the file at `rel` by `new` if it still holds `old`. `before` runs once
        /// the new bytes are ready, just before the file is read again and replaced (tests
        /// change the file there, or fail).
        pub(crate) fn replace(
            &self,
            rel: &str,
            old: &[u8],
            new: &[u8],
            before: &mut dyn FnMut() -> io::Result<()>,
        ) -> Result<Replaced, Error> {
            let (dir, name) = self.parent(rel)?;
            let file = match open_file(&dir, name, Access::Read) {
                Err(Error::Io(e)) if e.kind() == io::ErrorKind::NotFound => {
                    return Ok(Replaced::Changed);
                }
                r => r?,
            };
            let bytes = read_all(&file)?;
            if bytes == new {
                return Ok(Replaced::AlreadyNew);
            }
            if bytes != old {
                return Ok(Replaced::Changed);
            }
            let meta = file.metadata()?;
            if meta.nlink() > 1 {
                return in_place(&dir, name, &meta, old, new, before);
            }
            let (tmp_name, tmp) = create_temp(&dir)?;
            let result = renamed(&dir, name, &meta, old, new, &tmp_name, tmp, before);
            if !matches!(result, Ok(Some(Replaced::Renamed))) {
                let _ = unlinkat(&dir, tmp_name.as_str(), AtFlags::empty());
            }
            match result? {
                Some(done) => Ok(done),
                // The new file cannot take the old one's owner: write into the old one.
                None => in_place(&dir, name, &meta, old, new, before),
            }
        }

        /// The open folder that holds `rel`, and the file's name in it. Every folder on
        /// the way is opened without following links.
        fn parent<'a>(&self, rel: &'a str) -> Result<(OwnedFd, &'a str), Error> {
            let names = names(rel).ok_or(Error::Skip(Skip::NotInside))?;
            let Some((name, folders)) = names.split_last() else {
                return Err(Error::Skip(Skip::NotInside));
            };
            let mut dir = self.dir.try_clone()?;
            for folder in folders {
                match kind(&dir, folder)? {
                    FileType::Directory => {}
                    FileType::Symlink => return Err(Error::Skip(Skip::Link)),
                    _ => return Err(Error::Skip(Skip::NotFile)),
                }
                let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
                dir = match openat(&dir, *folder, flags, Mode::empty()) {
                    Ok(d) => d,
                    Err(Errno::LOOP) => return Err(Error::Skip(Skip::Link)),
                    Err(Errno::NOTDIR) => return Err(Error::Skip(Skip::NotFile)),
                    Err(e) => return Err(e.into()),
                };
            }
            Ok((dir, name))
        }
    }

    /// The type of `name` in `dir`, not following a link.
    fn kind(dir: &OwnedFd, name: &str) -> Result<FileType, Error> {
        let st = statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)?;
        Ok(FileType::from_raw_mode(st.st_mode))
    }

    /// Opens the regular file `name` in `dir`, never through a link and never blocking on
    /// a pipe or a device.
    fn open_file(dir: &OwnedFd, name: &str, access: Access) -> Result<File, Error> {
        match kind(dir, name)? {
            FileType::RegularFile => {}
            FileType::Symlink => return Err(Error::Skip(Skip::Link)),
            _ => return Err(Error::Skip(Skip::NotFile)),
        }
        let mode = match access {
            Access::Read => OFlags::RDONLY,
            Access::ReadWrite => OFlags::RDWR,
        };
        let flags = mode | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
        let file = match openat(dir, name, flags, Mode::empty()) {
            Ok(fd) => File::from(fd),
            Err(Errno::LOOP) => return Err(Error::Skip(Skip::Link)),
            Err(e) => return Err(e.into()),
        };
        if !file.metadata()?.is_file() {
            return Err(Error::Skip(Skip::NotFile));
        }
        Ok(file)
    }

    /// A new, empty file only this user can read, with an unused name in `dir`.
    fn create_temp(dir: &OwnedFd) -> io::Result<(String, File)> {
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let mut last = Errno::EXIST;
        for n in 0..100 {
            let name = format!(".forvalt-fix-{}-{n}.tmp", std::process::id());
            match openat(dir, name.as_str(), flags, Mode::from_raw_mode(0o600)) {
                Ok(fd) => return Ok((name, File::from(fd))),
                Err(Errno::EXIST) => last = Errno::EXIST,
                Err(e) => return Err(e.into()),
            }
        }
        Err(last.into())
    }

    /// Whether the file `name` in `dir` is still the file `meta` describes, with the bytes
    /// `old`.
    fn unchanged(
        dir: &OwnedFd,
        name: &str,
        meta: &std::fs::Metadata,
        old: &[u8],
    ) -> Result<bool, Error> {
        let file = match open_file(dir, name, Access::Read) {
            Ok(f) => f,
            Err(Error::Skip(_)) => return Ok(false),
            Err(Error::Io(e)) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
            Err(e) => return Err(e),
        };
        let now = file.metadata()?;
        Ok((now.dev(), now.ino()) == (meta.dev(), meta.ino()) && read_all(&file)? == old)
    }

    /// Writes `new` to the temporary file, gives it the old file's owner, group and mode,
    /// and renames it over `name` if that still holds `old`. `None`: the owner could not be
    /// given (the caller writes in place).
    #[allow(clippy::too_many_arguments)]
    fn renamed(
        dir: &OwnedFd,
        name: &str,
        meta: &std::fs::Metadata,
        old: &[u8],
        new: &[u8],
        tmp_name: &str,
        mut tmp: File,
        before: &mut dyn FnMut() -> io::Result<()>,
    ) -> Result<Option<Replaced>, Error> {
        tmp.write_all(new)?;
        let own = tmp.metadata()?;
        if (own.uid(), own.gid()) != (meta.uid(), meta.gid())
            && std::os::unix::fs::fchown(&tmp, Some(meta.uid()), Some(meta.gid())).is_err()
        {
            return Ok(None);
        }
        // After the owner: changing it clears the set-user-ID and set-group-ID bits.
        tmp.set_permissions(Permissions::from_mode(meta.mode() & 0o7777))?;
        tmp.sync_all()?;
        drop(tmp);
        before()?;
        if !unchanged(dir, name, meta, old)? {
            return Ok(Some(Replaced::Changed));
        }
        renameat(dir, tmp_name, dir, name)?;
        // The rename is on disk once the folder is; some file systems cannot sync folders.
        if let Ok(d) = dir.try_clone() {
            let _ = File::from(d).sync_all();
        }
        Ok(Some(Replaced::Renamed))
    }

    /// Writes `new` into the file `name` itself if it still holds `old`: its hard links,
    /// owner and mode stay as they are. Not atomic: a reader may see part of the new text.
    fn in_place(
        dir: &OwnedFd,
        name: &str,
        meta: &std::fs::Metadata,
        old: &[u8],
        new: &[u8],
        before: &mut dyn FnMut() -> io::Result<()>,
    ) -> Result<Replaced, Error> {
        let file = match open_file(dir, name, Access::ReadWrite) {
            Ok(f) => f,
            Err(Error::Skip(_)) => return Ok(Replaced::Changed),
            Err(Error::Io(e)) if e.kind() == io::ErrorKind::NotFound => {
                return Ok(Replaced::Changed);
            }
            Err(e) => return Err(e),
        };
        let now = file.metadata()?;
        before()?;
        if (now.dev(), now.ino()) != (meta.dev(), meta.ino()) || read_all(&file)? != old {
            return Ok(Replaced::Changed);
        }
        file.write_all_at(new, 0)?;
        file.set_len(new.len() as u64)?;
        file.sync_all()?;
        Ok(Replaced::InPlace)
    }
}

#[cfg(not(unix))]
pub(crate) use other::Root;

#[cfg(not(unix))]
mod other {
    use super::{Error, Replaced};
    use std::io;
    use std::path::Path;

    /// Writing safely needs `openat`, which this system does not offer.
    #[derive(Debug)]
    pub(crate) struct Root;

    fn unsupported() -> io::Error {
        io::Error::new(
            io::ErrorKind::Unsupported,
            "forvalt fix runs on Unix systems only (it opens every folder without following links)",
        )
    }

    impl Root {
        pub(crate) fn open(_: &Path) -> io::Result<Root> {
            Err(unsupported())
        }

        pub(crate) fn read(&self, _: &str) -> Result<Vec<u8>, Error> {
            Err(Error::Io(unsupported()))
        }

        pub(crate) fn replace(
            &self,
            _: &str,
            _: &[u8],
            _: &[u8],
            _: &mut dyn FnMut() -> io::Result<()>,
        ) -> Result<Replaced, Error> {
            Err(Error::Io(unsupported()))
        }
    }
}
