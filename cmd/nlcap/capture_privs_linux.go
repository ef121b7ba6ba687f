package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"os/user"
	"strconv"
	"strings"
	"syscall"

	"github.com/nlcap/nlcap/capture"
)

// -Z and the temporary link.
//
// Deleting a link needs CAP_NET_ADMIN, which -Z gives up. Before dropping
// privileges nlcap therefore starts a reaper: a copy of itself (re-executed
// from /proc/self/exe with NLCAP_REAPER set) that keeps root, sits in its own
// process group (a terminal's Ctrl-C does not reach it), ignores SIGINT,
// SIGTERM and SIGHUP, and blocks reading a pipe from the capture process.
// When the capture ends, in any way including SIGKILL, the pipe reaches EOF
// and the reaper deletes the link. A clean exit waits for the reaper, so the
// link is gone when nlcap exits.

const reaperEnv = "NLCAP_REAPER"

// maybeReaper runs the reaper when the process was started as one; it
// returns false otherwise.
func maybeReaper() bool {
	spec, ok := os.LookupEnv(reaperEnv)
	if !ok {
		return false
	}
	signal.Ignore(os.Interrupt, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGPIPE)
	if err := runReaper(spec, os.Stdin); err != nil {
		fmt.Fprintf(os.Stderr, "nlcap: reaper: %v\n", err)
		os.Exit(1)
	}
	os.Exit(0)
	return true
}

// runReaper waits for EOF on r, then deletes the link named in spec
// ("NAME" or "NAME\x00NETNS-PATH").
func runReaper(spec string, r io.Reader) error {
	name, nsPath, _ := cutNul(spec)
	var cfg capture.Config
	if nsPath != "" {
		f, err := os.Open(nsPath)
		if err != nil {
			return err
		}
		defer f.Close()
		cfg.NetNS = int(f.Fd())
	}
	_, _ = io.Copy(io.Discard, r)
	return capture.DeleteLinkByName(name, &cfg)
}

// A reaper is the handle the capture process keeps on its reaper.
type reaper struct {
	cmd *exec.Cmd
	w   *os.File
}

// startReaper starts the reaper of link name (in the namespace file nsPath,
// "" for the current one).
func startReaper(name, nsPath string) (*reaper, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	spec := name
	if nsPath != "" {
		spec += "\x00" + nsPath
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), reaperEnv+"="+spec)
	cmd.Stdin = pr
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		pr.Close()
		pw.Close()
		return nil, fmt.Errorf("start link reaper: %w", err)
	}
	pr.Close()
	return &reaper{cmd: cmd, w: pw}, nil
}

// finish tells the reaper to delete the link and waits for it.
func (r *reaper) finish() error {
	r.w.Close()
	if err := r.cmd.Wait(); err != nil {
		return fmt.Errorf("link reaper: %w", err)
	}
	return nil
}

// lookupUser resolves -Z's argument: a user name, a numeric uid or
// "UID:GID" (see resolveUser).
func lookupUser(spec string) (uid, gid int, err error) {
	return resolveUser(spec, user.Lookup, user.LookupId)
}

// resolveUser resolves -Z's argument with the given user database lookups. A
// name comes from the database (as tcpdump does). A number is looked up as a
// uid, and when the database has no such user (a container or initramfs with
// no /etc/passwd entry for it) it stands for uid and gid alike; "UID:GID"
// names both explicitly. Supplementary groups are always dropped.
func resolveUser(spec string, byName, byID func(string) (*user.User, error)) (uid, gid int, err error) {
	if spec == "" {
		return 0, 0, errors.New("-Z: empty user")
	}
	if u, err := byName(spec); err == nil {
		return userIDs(spec, u)
	}
	us, gs, explicit := strings.Cut(spec, ":")
	uid, uerr := parseID(us)
	if uerr != nil {
		return 0, 0, fmt.Errorf("-Z: unknown user %q (give a name, a uid or uid:gid)", spec)
	}
	if explicit {
		gid, gerr := parseID(gs)
		if gerr != nil {
			return 0, 0, fmt.Errorf("-Z %q: invalid gid %q", spec, gs)
		}
		return uid, gid, nil
	}
	if u, err := byID(us); err == nil {
		return userIDs(spec, u)
	}
	return uid, uid, nil
}

// parseID parses a uid or gid: a decimal number below 2^32-1 ((uid_t)-1 means
// "unchanged" to setuid-family calls).
func parseID(s string) (int, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil || n == 1<<32-1 {
		return 0, fmt.Errorf("invalid id %q", s)
	}
	return int(n), nil
}

func userIDs(spec string, u *user.User) (uid, gid int, err error) {
	uid, err1 := parseID(u.Uid)
	gid, err2 := parseID(u.Gid)
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("-Z: user %q has a non-numeric uid/gid", spec)
	}
	return uid, gid, nil
}

// dropPrivileges switches every thread to uid/gid with no supplementary
// groups, which also clears the capabilities.
func dropPrivileges(uid, gid int) error {
	if err := syscall.Setgroups(nil); err != nil {
		return fmt.Errorf("-Z: setgroups: %w", err)
	}
	if err := syscall.Setgid(gid); err != nil {
		return fmt.Errorf("-Z: setgid %d: %w", gid, err)
	}
	if err := syscall.Setuid(uid); err != nil {
		return fmt.Errorf("-Z: setuid %d: %w", uid, err)
	}
	if os.Geteuid() != uid {
		return errors.New("-Z: privileges were not dropped")
	}
	return nil
}
