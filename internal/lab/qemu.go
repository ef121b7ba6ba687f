package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// tailLines is how much console a failed boot prints.
const tailLines = 60

// A bootResult is what one QEMU run gave back.
type bootResult struct {
	Status    int           // the guest's status line, -1 if it never printed one
	Output    []string      // console lines after the begin marker (the payload's output)
	Tail      []string      // the last tailLines console lines
	FirstTest time.Duration // QEMU start to the begin marker
	Wall      time.Duration
	Err       error // timeout, panic, missing status line, QEMU failure
}

// bootSpec describes one QEMU run.
type bootSpec struct {
	Kernel  *kernel
	Initrd  string
	Share   string // host directory exported over 9p
	Timeout time.Duration
	Verbose bool      // kernel messages on the console
	Log     string    // full console log file
	Live    io.Writer // console lines are copied here as they come
	// Monitor gives QEMU a human monitor on a Unix socket and lets the
	// guest ask for the commands of hostCommands by a console line
	// (markHost): `lab captures` boots, whose acpi_event scenario presses
	// the ACPI power button.
	Monitor bool
	// Extra are QEMU arguments appended to the machine's (devices a
	// scenario needs: guestConf.QEMU).
	Extra []string
}

// runQEMU boots the guest and streams its console. QEMU runs in its own
// process group, which is killed on every exit path: timeout, ctx
// cancellation (SIGINT), a read error, or after the status line when the
// guest does not power off by itself.
func runQEMU(ctx context.Context, s bootSpec) (res bootResult) {
	res = bootResult{Status: -1}
	start := time.Now()
	defer func() { res.Wall = time.Since(start) }()

	// no_timer_check: under TCG on a busy host the boot-time timer IRQ
	// test can time out and panic "IO-APIC + timer doesn't work" (seen
	// once here); the emulated timer works, the test is only too impatient.
	appendArgs := "console=ttyS0 panic=-1 rdinit=/init no_timer_check"
	if !s.Verbose {
		appendArgs += " quiet loglevel=3"
	}
	args := []string{
		"-nodefaults", "-no-user-config", "-accel", "tcg", "-cpu", "max", "-smp", "1", "-m", "1024",
		"-display", "none", "-serial", "stdio", "-no-reboot",
		"-kernel", s.Kernel.Vmlinuz, "-initrd", s.Initrd, "-append", appendArgs,
		"-fsdev", "local,id=fs0,path=" + s.Share + ",security_model=none",
		"-device", "virtio-9p-pci,fsdev=fs0,mount_tag=share",
	}
	args = append(args, s.Extra...)
	var monSock string
	if s.Monitor {
		dir, err := os.MkdirTemp("", "nlcap-qemu-")
		if err != nil {
			res.Err = fmt.Errorf("monitor socket: %w", err)
			return res
		}
		defer os.RemoveAll(dir)
		monSock = filepath.Join(dir, "monitor.sock")
		args = append(args, "-monitor", "unix:"+monSock+",server=on,wait=off")
	}
	cmd := exec.Command("qemu-system-x86_64", args...)
	cmd.Stdin = nil
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = sysProcAttr()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		res.Err = err
		return res
	}
	if err := cmd.Start(); err != nil {
		res.Err = fmt.Errorf("qemu-system-x86_64: %w (apt-get install qemu-system-x86)", err)
		return res
	}
	pgid := cmd.Process.Pid
	kill := func() { killGroup(pgid) }
	defer kill()

	var logf *os.File
	if s.Log != "" {
		if logf, err = os.Create(s.Log); err == nil {
			defer logf.Close()
		}
	}

	lines := make(chan string, 256)
	readErr := make(chan error, 1)
	go func() {
		br := bufio.NewReaderSize(stdout, 64*1024)
		for {
			line, err := br.ReadString('\n')
			if line != "" {
				lines <- strings.TrimRight(line, "\r\n")
			}
			if err != nil {
				close(lines)
				if errors.Is(err, io.EOF) {
					err = nil
				}
				readErr <- err
				return
			}
		}
	}()

	timer := time.NewTimer(s.Timeout)
	defer timer.Stop()
	var grace <-chan time.Time // after the status line: wait for poweroff
	begun, panicked := false, false
loop:
	for {
		select {
		case line, ok := <-lines:
			if !ok {
				break loop
			}
			if logf != nil {
				fmt.Fprintln(logf, line)
			}
			res.Tail = append(res.Tail, line)
			if len(res.Tail) > tailLines {
				res.Tail = res.Tail[len(res.Tail)-tailLines:]
			}
			if c, ok := hostRequest(line); ok && monSock != "" {
				// Synchronous: QEMU answers a monitor command at once, and
				// the result lands in the log next to the line that asked.
				m := fmt.Sprintf("lab host: monitor %s: sent", c)
				if _, err := monitorCommand(monSock, c, 10*time.Second); err != nil {
					m = fmt.Sprintf("lab host: monitor %s: %v", c, err)
				}
				if logf != nil {
					fmt.Fprintln(logf, m)
				}
				if s.Live != nil {
					fmt.Fprintln(s.Live, m)
				}
			}
			if strings.Contains(line, "Kernel panic") {
				panicked = true
			}
			if i := strings.Index(line, markExit); i >= 0 {
				rest := strings.TrimSuffix(line[i+len(markExit):], "@@")
				if n, err := strconv.Atoi(rest); err == nil {
					res.Status = n
				}
				grace = time.After(15 * time.Second)
			}
			if s.Live != nil && (begun || s.Verbose || strings.Contains(line, markBegin)) {
				fmt.Fprintln(s.Live, line)
			}
			if !begun && strings.Contains(line, markBegin) {
				begun = true
				res.FirstTest = time.Since(start)
				continue
			}
			if begun && !strings.Contains(line, markExit) {
				res.Output = append(res.Output, line)
			}
		case <-grace:
			kill()
			break loop
		case <-timer.C:
			kill()
			res.Err = fmt.Errorf("guest hung: no status after %v (timeout)", s.Timeout)
			break loop
		case <-ctx.Done():
			kill()
			res.Err = fmt.Errorf("interrupted: %w", ctx.Err())
			break loop
		}
	}
	kill()
	for range lines { // drain so the reader goroutine ends
	}
	rerr := <-readErr
	werr := cmd.Wait()
	switch {
	case res.Err != nil:
	case panicked:
		res.Err = errors.New("guest kernel panic")
	case res.Status < 0 && rerr != nil:
		res.Err = fmt.Errorf("reading the console: %w", rerr)
	case res.Status < 0:
		res.Err = fmt.Errorf("guest ended without a status line (qemu: %v)", werr)
	}
	return res
}

// hostCommands are the QEMU monitor commands a guest may ask for.
var hostCommands = map[string]bool{
	"system_powerdown": true, // the ACPI power button (acpi_event)
}

// hostRequest reports the monitor command a console line asks for: a line
// that holds markHost, a command of hostCommands and "@@".
func hostRequest(line string) (string, bool) {
	_, rest, ok := strings.Cut(line, markHost)
	if !ok {
		return "", false
	}
	c, ok := strings.CutSuffix(strings.TrimSpace(rest), "@@")
	if !ok || !hostCommands[c] {
		return "", false
	}
	return c, true
}

// hmpPrompt ends each answer of QEMU's human monitor.
const hmpPrompt = "(qemu) "

// monitorCommand connects to the human monitor at sock, waits for its
// prompt, sends c and returns what the monitor printed before the next
// prompt (the echoed command, then its output).
func monitorCommand(sock, c string, timeout time.Duration) (string, error) {
	conn, err := net.DialTimeout("unix", sock, timeout)
	if err != nil {
		return "", fmt.Errorf("dial: %w", err)
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(timeout)); err != nil {
		return "", err
	}
	br := bufio.NewReader(conn)
	if _, err := readToPrompt(br); err != nil {
		return "", fmt.Errorf("waiting for the prompt: %w", err)
	}
	if _, err := io.WriteString(conn, c+"\n"); err != nil {
		return "", fmt.Errorf("send: %w", err)
	}
	out, err := readToPrompt(br)
	if err != nil {
		return out, fmt.Errorf("waiting for the answer: %w", err)
	}
	return out, nil
}

// readToPrompt reads up to and without the next hmpPrompt.
func readToPrompt(br *bufio.Reader) (string, error) {
	var b strings.Builder
	for !strings.HasSuffix(b.String(), hmpPrompt) {
		c, err := br.ReadByte()
		if err != nil {
			return b.String(), err
		}
		b.WriteByte(c)
	}
	return strings.TrimSuffix(b.String(), hmpPrompt), nil
}
