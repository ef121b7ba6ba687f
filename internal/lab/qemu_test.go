package main

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestHostRequest(t *testing.T) {
	tests := []struct {
		line, want string
		ok         bool
	}{
		{"@@NLCAP-LAB-HOST system_powerdown@@", "system_powerdown", true},
		{"[   12.5] x @@NLCAP-LAB-HOST system_powerdown@@\r", "system_powerdown", true},
		{"@@NLCAP-LAB-HOST quit@@", "", false},                   // not a command the guest may ask for
		{"@@NLCAP-LAB-HOST system_powerdown", "", false},         // no end marker
		{"@@NLCAP-LAB-HOST system_powerdown; quit@@", "", false}, // one command, nothing else
		{"system_powerdown@@", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := hostRequest(tt.line)
		if got != tt.want || ok != tt.ok {
			t.Errorf("hostRequest(%q) = %q, %v; want %q, %v", tt.line, got, ok, tt.want, tt.ok)
		}
	}
}

// fakeMonitor serves QEMU's human monitor protocol on a Unix socket at
// sock: the banner and prompt, then for each command line its echo, an
// answer and the prompt. The command lines it read are sent to got.
func fakeMonitor(t *testing.T, sock string, prompt bool) <-chan string {
	t.Helper()
	got := make(chan string, 4)
	l, err := net.Listen("unix", sock)
	if err != nil {
		t.Error(err) // not Fatal: TestRunQEMUMonitor calls this off the test goroutine
		return got
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		c.Write([]byte("QEMU 7.2.15 monitor - type 'help' for more information\r\n"))
		if !prompt {
			time.Sleep(2 * time.Second)
			return
		}
		c.Write([]byte(hmpPrompt))
		line, err := bufio.NewReader(c).ReadString('\n')
		if err != nil {
			return
		}
		got <- line
		c.Write([]byte(strings.TrimSpace(line) + "\r\n" + hmpPrompt))
	}()
	return got
}

func TestMonitorCommand(t *testing.T) {
	t.Run("sent", func(t *testing.T) {
		sock := filepath.Join(t.TempDir(), "m.sock")
		got := fakeMonitor(t, sock, true)
		out, err := monitorCommand(sock, "system_powerdown", 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if line := <-got; line != "system_powerdown\n" {
			t.Errorf("monitor read %q, want %q", line, "system_powerdown\n")
		}
		if out != "system_powerdown\r\n" {
			t.Errorf("monitorCommand answer %q, want the echoed command", out)
		}
	})
	t.Run("noprompt", func(t *testing.T) {
		sock := filepath.Join(t.TempDir(), "m.sock")
		fakeMonitor(t, sock, false)
		_, err := monitorCommand(sock, "system_powerdown", 300*time.Millisecond)
		if err == nil || !strings.Contains(err.Error(), "waiting for the prompt") {
			t.Errorf("err = %v, want a timeout waiting for the prompt", err)
		}
	})
	t.Run("nosocket", func(t *testing.T) {
		_, err := monitorCommand(filepath.Join(t.TempDir(), "none.sock"), "system_powerdown", time.Second)
		if err == nil || !strings.Contains(err.Error(), "dial") {
			t.Errorf("err = %v, want a dial error", err)
		}
	})
}

// TestRunQEMUMonitor: a boot with Monitor gives QEMU a monitor socket, and
// the guest's request line reaches it as the command.
func TestRunQEMUMonitor(t *testing.T) {
	dir := t.TempDir()
	argsFile, ready, done := filepath.Join(dir, "args"), filepath.Join(dir, "ready"), filepath.Join(dir, "done")
	// The fake QEMU writes its arguments, waits until the test listens on
	// the monitor socket they name, asks for system_powerdown, and ends
	// once the monitor got it.
	fakeQEMU(t, `echo "$@" >`+argsFile+`
echo '`+markBegin+`'
while [ ! -e `+ready+` ]; do sleep 0.05; done
echo '`+markHost+`system_powerdown@@'
while [ ! -e `+done+` ]; do sleep 0.05; done
echo '`+markExit+`0@@'
`)
	got := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`-monitor unix:(\S+),server=on,wait=off`)
		for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			b, err := os.ReadFile(argsFile)
			if err != nil {
				continue
			}
			m := re.FindSubmatch(b)
			if m == nil {
				got <- "no -monitor in the arguments: " + string(b)
				os.WriteFile(ready, nil, 0o644)
				os.WriteFile(done, nil, 0o644)
				return
			}
			cmds := fakeMonitor(t, string(m[1]), true)
			os.WriteFile(ready, nil, 0o644)
			select {
			case c := <-cmds:
				got <- c
			case <-time.After(20 * time.Second):
				got <- "no command"
			}
			os.WriteFile(done, nil, 0o644)
			return
		}
		got <- "no arguments file"
		os.WriteFile(done, nil, 0o644)
	}()
	var live bytes.Buffer // runQEMU writes it from its own goroutine only
	res := runQEMU(context.Background(), bootSpec{Kernel: &kernel{Vmlinuz: "/nonexistent"}, Initrd: "/nonexistent",
		Share: t.TempDir(), Timeout: 30 * time.Second, Monitor: true, Live: &live})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if c := <-got; c != "system_powerdown\n" {
		t.Errorf("monitor got %q, want system_powerdown", c)
	}
	if !strings.Contains(live.String(), "lab host: monitor system_powerdown: sent") {
		t.Errorf("live output %q lacks the monitor line", live.String())
	}
}
