package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// extcapLinkName is the name of nlcap's link in an extcap folder.
const extcapLinkName = "nlcap"

// globalExtcapFallbacks are the global extcap folders of distribution
// packages, tried in order when tshark cannot tell (Debian and Ubuntu:
// the multiarch one; Fedora, Arch, /usr/local builds).
var globalExtcapFallbacks = []string{
	"/usr/lib/x86_64-linux-gnu/wireshark/extcap",
	"/usr/lib/aarch64-linux-gnu/wireshark/extcap",
	"/usr/lib64/wireshark/extcap",
	"/usr/lib/wireshark/extcap",
	"/usr/local/lib/wireshark/extcap",
}

// parseTsharkFolders reads `tshark -G folders`: lines "Name:\tpath".
// Wireshark 4.0 prints one "Extcap path" (the global folder); later
// versions print "Personal Extcap path" and "Global Extcap path".
func parseTsharkFolders(out string) (personal, global string) {
	for _, line := range strings.Split(out, "\n") {
		name, path, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		path = strings.TrimSpace(path)
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "personal extcap path":
			personal = path
		case "global extcap path", "extcap path":
			global = path
		}
	}
	return personal, global
}

// tsharkFolders runs `tshark -G folders`.
var tsharkFolders = func() (string, error) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, tshark, "-G", "folders")
	cmd.Stdout = &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("tshark -G folders: %w", err)
	}
	return out.String(), nil
}

// extcapInstallDir returns the extcap folder that --install-extcap and
// --uninstall-extcap work on: --extcap-dir; else the personal (--user) or
// global (--system) folder that `tshark -G folders` names; else a known
// folder. Without --user or --system: the global folder for root, the
// personal one for other users.
func extcapInstallDir(o *extcapOptions) (string, error) {
	switch {
	case o.user && o.system:
		return "", usagef("--user and --system exclude each other")
	case o.dir != "" && (o.user || o.system):
		return "", usagef("--extcap-dir names the folder: drop --user and --system")
	case o.dir != "":
		return o.dir, nil
	}
	out, terr := tsharkFolders()
	personal, global := parseTsharkFolders(out)
	if o.system || (!o.user && os.Geteuid() == 0) {
		if global != "" {
			return global, nil
		}
		for _, d := range globalExtcapFallbacks {
			if fi, err := os.Stat(d); err == nil && fi.IsDir() {
				return d, nil
			}
		}
		return "", fmt.Errorf("no global Wireshark extcap folder found (tshark -G folders: %v; none of %s exists): give --extcap-dir",
			errOr(terr, "no extcap path listed"), strings.Join(globalExtcapFallbacks, ", "))
	}
	if personal != "" {
		return personal, nil
	}
	if terr == nil && global != "" {
		return "", fmt.Errorf("this Wireshark has no personal extcap folder (tshark -G folders lists only %s; Wireshark 4.2 and later have one): install with --system as root, or give --extcap-dir", global)
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("personal extcap folder: %w", err)
	}
	return filepath.Join(home, ".local", "lib", "wireshark", "extcap"), nil
}

func errOr(err error, s string) string {
	if err != nil {
		return err.Error()
	}
	return s
}

// runInstallExtcap is --install-extcap and --uninstall-extcap.
func runInstallExtcap(o *extcapOptions, stdout io.Writer) error {
	if o.install && o.uninstall {
		return usagef("--install-extcap and --uninstall-extcap exclude each other")
	}
	dir, err := extcapInstallDir(o)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("install extcap: %w", err)
	}
	if exe, err = filepath.EvalSymlinks(exe); err != nil {
		return fmt.Errorf("install extcap: %w", err)
	}
	if o.install {
		return installExtcapLink(dir, exe, stdout)
	}
	return uninstallExtcapLink(dir, exe, stdout)
}

// isLinkTo reports whether link is a symbolic link that leads to the file
// exe.
func isLinkTo(link string, fi fs.FileInfo, exe string) bool {
	if fi.Mode()&fs.ModeSymlink == 0 {
		return false
	}
	target, err := os.Stat(link)
	if err != nil {
		return false
	}
	self, err := os.Stat(exe)
	return err == nil && os.SameFile(target, self)
}

// describeFile says what a file in the extcap folder is, for errors.
func describeFile(path string, fi fs.FileInfo) string {
	if fi.Mode()&fs.ModeSymlink != 0 {
		if t, err := os.Readlink(path); err == nil {
			return "a link to " + t
		}
		return "a link"
	}
	if fi.IsDir() {
		return "a directory"
	}
	return "a file"
}

// installExtcapLink links dir/nlcap to exe. An existing link to exe is
// fine; anything else there is left alone and is an error.
func installExtcapLink(dir, exe string, stdout io.Writer) error {
	link := filepath.Join(dir, extcapLinkName)
	fi, err := os.Lstat(link)
	switch {
	case err == nil && isLinkTo(link, fi, exe):
		_, err := fmt.Fprintf(stdout, "%s already links to %s\n", link, exe)
		return err
	case err == nil:
		return fmt.Errorf("install extcap: %s is %s, not a link to this nlcap (%s): not overwritten; remove it first", link, describeFile(link, fi), exe)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("install extcap: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("install extcap: %w", err)
	}
	if err := os.Symlink(exe, link); err != nil {
		return fmt.Errorf("install extcap: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "installed %s -> %s\n"+
		"Wireshark lists the interfaces %s and %s after a restart (or Capture > Refresh Interfaces)\n",
		link, exe, extcapNlmon, extcapProcess)
	return err
}

// uninstallExtcapLink removes dir/nlcap when it is a link to exe, and
// nothing else.
func uninstallExtcapLink(dir, exe string, stdout io.Writer) error {
	link := filepath.Join(dir, extcapLinkName)
	fi, err := os.Lstat(link)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		_, err := fmt.Fprintf(stdout, "%s: not installed there\n", link)
		return err
	case err != nil:
		return fmt.Errorf("uninstall extcap: %w", err)
	case !isLinkTo(link, fi, exe):
		return fmt.Errorf("uninstall extcap: %s is %s, not a link to this nlcap (%s): not removed", link, describeFile(link, fi), exe)
	}
	if err := os.Remove(link); err != nil {
		return fmt.Errorf("uninstall extcap: %w", err)
	}
	_, err = fmt.Fprintf(stdout, "removed %s\n", link)
	return err
}
