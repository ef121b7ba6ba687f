package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
)

// An entry is one file, directory or symlink of the initramfs.
type entry struct {
	Mode   uint32 // file type and permission bits (cpio/stat style)
	Src    string // host file whose content is copied (regular files)
	Data   []byte // content, when Src is empty (regular files)
	Target string // symlink target
	Major  uint32 // device number (character devices)
	Minor  uint32
}

// cpio mode bits (from <sys/stat.h>, as the newc format stores them).
const (
	modeDir     = 0o040000
	modeRegular = 0o100000
	modeSymlink = 0o120000
	modeChar    = 0o020000
)

// tree is an initramfs being assembled: guest path (absolute, clean) to entry.
type tree map[string]entry

// dirs creates the parents of p as directories.
func (t tree) dirs(p string) {
	for d := path.Dir(p); d != "/" && d != "."; d = path.Dir(d) {
		if _, ok := t[d]; !ok {
			t[d] = entry{Mode: modeDir | 0o755}
		}
	}
}

// file adds a copy of the host file src at guest path p.
func (t tree) file(p, src string, perm uint32) {
	p = path.Clean("/" + p)
	t.dirs(p)
	t[p] = entry{Mode: modeRegular | perm, Src: src}
}

// data adds a file with the given content.
func (t tree) data(p string, b []byte, perm uint32) {
	p = path.Clean("/" + p)
	t.dirs(p)
	t[p] = entry{Mode: modeRegular | perm, Data: b}
}

// symlink adds a symbolic link.
func (t tree) symlink(p, target string) {
	p = path.Clean("/" + p)
	t.dirs(p)
	t[p] = entry{Mode: modeSymlink | 0o777, Target: target}
}

// chardev adds a character device node (the kernel needs /dev/console
// before /init runs, or /init starts without stdout).
func (t tree) chardev(p string, major, minor uint32) {
	p = path.Clean("/" + p)
	t.dirs(p)
	t[p] = entry{Mode: modeChar | 0o600, Major: major, Minor: minor}
}

// dir adds an empty directory.
func (t tree) dir(p string) {
	p = path.Clean("/" + p)
	t.dirs(p)
	t[p] = entry{Mode: modeDir | 0o755}
}

// writeCpio writes t as an uncompressed newc ("070701") archive, parents
// before children, owned by root, ending with the TRAILER!!! entry.
func writeCpio(w io.Writer, t tree) error {
	names := make([]string, 0, len(t))
	for p := range t {
		names = append(names, p)
	}
	sort.Strings(names) // "/a" sorts before "/a/b": parents first
	bw := bufio.NewWriterSize(w, 1<<20)
	ino := uint32(1)
	for _, p := range names {
		e := t[p]
		var body []byte
		var src *os.File
		var size int64
		switch e.Mode &^ 0o7777 {
		case modeSymlink:
			body = []byte(e.Target)
			size = int64(len(body))
		case modeRegular:
			if e.Src != "" {
				f, err := os.Open(e.Src)
				if err != nil {
					return fmt.Errorf("initramfs %s: %w", p, err)
				}
				fi, err := f.Stat()
				if err != nil {
					f.Close()
					return fmt.Errorf("initramfs %s: %w", p, err)
				}
				src, size = f, fi.Size()
			} else {
				body = e.Data
				size = int64(len(body))
			}
		}
		var r io.Reader // not src itself: a nil *os.File in an interface is not nil
		if src != nil {
			r = src
		}
		err := writeCpioEntry(bw, strings.TrimPrefix(p, "/"), ino, e, size, body, r)
		if src != nil {
			src.Close()
		}
		if err != nil {
			return fmt.Errorf("initramfs %s: %w", p, err)
		}
		ino++
	}
	if err := writeCpioEntry(bw, "TRAILER!!!", 0, entry{}, 0, nil, nil); err != nil {
		return err
	}
	return bw.Flush()
}

// writeCpioEntry writes one newc header, name and body, each padded to 4 bytes.
func writeCpioEntry(w *bufio.Writer, name string, ino uint32, e entry, size int64, body []byte, src io.Reader) error {
	mode := e.Mode
	if size > 0xffffffff {
		return fmt.Errorf("file too large for newc: %d bytes", size)
	}
	nlink := 1
	if mode&^0o7777 == modeDir {
		nlink = 2
	}
	// magic ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize check
	hdr := fmt.Sprintf("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		ino, mode, 0, 0, nlink, 0, size, 0, 0, e.Major, e.Minor, len(name)+1, 0)
	if _, err := w.WriteString(hdr + name + "\x00"); err != nil {
		return err
	}
	if err := pad4(w, int64(len(hdr)+len(name)+1)); err != nil {
		return err
	}
	if src != nil {
		n, err := io.Copy(w, src)
		if err != nil {
			return err
		}
		if n != size {
			return fmt.Errorf("file changed while archiving: %d bytes, want %d", n, size)
		}
	} else if _, err := w.Write(body); err != nil {
		return err
	}
	return pad4(w, size)
}

func pad4(w *bufio.Writer, n int64) error {
	if r := n % 4; r != 0 {
		_, err := w.Write(make([]byte, 4-r))
		return err
	}
	return nil
}
