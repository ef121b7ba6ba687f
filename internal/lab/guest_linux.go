package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// guestMain is /init in the guest: it mounts the basic filesystems and the
// 9p share, loads the preload modules, runs the tests or scripts named by
// /lab/config.json, prints the exit status line and powers off. It never
// returns.
func guestMain() {
	status := 1
	defer func() {
		if r := recover(); r != nil {
			fmt.Printf("lab guest: panic: %v\n", r)
			status = 99
		}
		fmt.Printf("\n%s%d@@\n", markExit, status)
		unix.Sync()
		unix.Reboot(unix.LINUX_REBOOT_CMD_POWER_OFF)
		select {} // pid 1 must not exit
	}()
	status = guestRun()
}

func guestRun() int {
	for _, m := range []struct{ src, dst, fs, opts string }{
		{"proc", "/proc", "proc", ""},
		{"sysfs", "/sys", "sysfs", ""},
		{"devtmpfs", "/dev", "devtmpfs", ""},
		{"tmpfs", "/tmp", "tmpfs", "mode=1777"},
		{"tmpfs", "/run", "tmpfs", "mode=755"},
	} {
		if err := unix.Mount(m.src, m.dst, m.fs, 0, m.opts); err != nil {
			fmt.Printf("lab guest: mount %s on %s: %v\n", m.fs, m.dst, err)
			return 1
		}
	}
	b, err := os.ReadFile(guestConfig)
	if err != nil {
		fmt.Printf("lab guest: %v\n", err)
		return 1
	}
	var conf guestConf
	if err := json.Unmarshal(b, &conf); err != nil {
		fmt.Printf("lab guest: %s: %v\n", guestConfig, err)
		return 1
	}
	os.Clearenv()
	env := []string{"PATH=" + guestPath, "HOME=/root", "TMPDIR=/tmp", "TERM=dumb", "LANG=C"}
	env = append(env, conf.Env...)
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		os.Setenv(k, v)
	}
	unix.Sethostname([]byte("nlcap-lab"))

	if out, err := exec.Command("/sbin/modprobe", "-a", "virtio_pci", "9pnet_virtio", "9p").CombinedOutput(); err != nil {
		fmt.Printf("lab guest: modprobe 9p: %v\n%s", err, out)
		return 1
	}
	if err := unix.Mount("share", guestShare, "9p", 0, "trans=virtio,version=9p2000.L,msize=262144,cache=none"); err != nil {
		fmt.Printf("lab guest: mount 9p share on %s: %v\n", guestShare, err)
		return 1
	}
	defer unix.Unmount(guestShare, 0)
	if out, err := exec.Command("/usr/sbin/ip", "link", "set", "lo", "up").CombinedOutput(); err != nil {
		fmt.Printf("lab guest: ip link set lo up: %v\n%s", err, out)
	}
	for _, m := range conf.Preload {
		if out, err := exec.Command("/sbin/modprobe", m).CombinedOutput(); err != nil {
			fmt.Printf("lab guest: preload modprobe %s: %v\n%s", m, err, out)
			return 1
		}
	}
	var uts unix.Utsname
	unix.Uname(&uts)
	fmt.Printf("%s boot=%s kernel=%s\n", markBegin, conf.Boot, unix.ByteSliceToString(uts.Release[:]))

	timeout := time.Duration(conf.Timeout) * time.Second
	if timeout <= 0 {
		timeout = 10 * time.Minute
	}
	switch conf.Mode {
	case "test":
		return guestExec(timeout, guestSrc+"/e2e", guestTestBin, conf.Args...)
	case "script":
		status := 0
		for _, s := range conf.Scripts {
			fmt.Printf("lab guest: running %s\n", s)
			if st := guestExec(timeout, "/tmp", "/usr/bin/dash", s); st != 0 {
				fmt.Printf("lab guest: %s exited with status %d\n", s, st)
				status = st
			}
		}
		return status
	}
	fmt.Printf("lab guest: unknown mode %q\n", conf.Mode)
	return 1
}

// guestExec runs a program with the console as stdout and stderr, killing
// its process group after timeout. It returns the exit status.
func guestExec(timeout time.Duration, dir, prog string, args ...string) int {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stdout
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	err := cmd.Run()
	if ctx.Err() != nil {
		fmt.Printf("lab guest: %s timed out after %v\n", prog, timeout)
		return 124
	}
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		fmt.Printf("lab guest: %s: %v\n", prog, err)
		return 1
	}
	return 0
}
