package main

import (
	"bufio"
	"bytes"
	"debug/elf"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// guestTools are the Debian tools copied into the guest with their shared
// libraries, and the host package that provides each.
var guestTools = map[string]string{
	"ip":      "iproute2",
	"genl":    "iproute2",
	"tcpdump": "tcpdump",
	"ethtool": "ethtool",
	"nft":     "nftables",
	"wg":      "wireguard-tools",
	"dash":    "dash",
	// Generic netlink families (e2e/scenarios/genl-nl80211.sh).
	"iw": "iw",
	// rtnetlink depth (e2e/scenarios/rtnl-depth.sh)
	"tc":     "iproute2",
	"bridge": "iproute2",
	// issue 12 (helper NF): conntrack-tools; ss is iproute2's.
	"conntrack": "conntrack",
	"ss":        "iproute2",
	// devlink dumps (e2e/scenarios/genl-more.sh); iproute2 is here anyway.
	"devlink": "iproute2",
	// TIPCv2 (e2e/scenarios/genl-misc.sh), vdpa (genl-vdpa.sh):
	// iproute2's like devlink.
	"tipc": "iproute2",
	"vdpa": "iproute2",
}

// captureTools are Debian tools copied only into the guests of `lab
// captures` (e2e/scenarios/genl-more.sh, genl-events.sh), besides guestTools: CI's e2e
// boots do without them, and `.ci/setup --captures` installs their
// packages. A missing one fails `lab captures` only.
var captureTools = map[string]string{
	"teamd":       "libteam-utils",
	"teamnl":      "libteam-utils",
	"teamdctl":    "libteam-utils",
	"ovs-dpctl":   "openvswitch-switch",
	"batctl":      "batctl",
	"dropwatch":   "dropwatch",
	"netlabelctl": "netlabel-tools",
	"socat":       "socat",
	// e2e/scenarios/genl-events.sh: VFS_DQUOT on a loop-mounted ext4 with
	// quotas, acpi_event of the power button.
	"quota_nld": "quota",
	"setquota":  "quota",
	"quotaon":   "quota",
	"repquota":  "quota",
	"mkfs.ext4": "e2fsprogs",
	"acpid":     "acpid",
	"setpriv":   "util-linux", // busybox's has no --reuid
	"iotop-c":   "iotop-c",    // TASKSTATS
	// Open vSwitch's daemons and clients (e2e/scenarios/genl-ovsd.sh).
	"ovsdb-tool":   "openvswitch-common",
	"ovsdb-server": "openvswitch-common",
	"ovs-vswitchd": "openvswitch-switch",
	"ovs-vsctl":    "openvswitch-switch",
	"ovs-ofctl":    "openvswitch-common",
	"ovs-appctl":   "openvswitch-common",
	// IPVS (e2e/scenarios/genl-ipvs.sh).
	"ipvsadm": "ipvsadm",
	// nl802154 and MAC802154_HWSIM on mac802154_hwsim, nbd's netlink
	// interface against a local nbd-server (e2e/scenarios/genl-misc.sh).
	"iwpan":      "wpan-tools",
	"wpan-hwsim": "wpan-tools",
	"nbd-client": "nbd-client",
	"nbd-server": "nbd-server",
	// SMBD_GENL between ksmbd and ksmbd.mountd, the kernel's SMB client
	// mounting its share (e2e/scenarios/genl-ksmbd.sh).
	"ksmbd.mountd":  "ksmbd-tools",
	"ksmbd.adduser": "ksmbd-tools",
	"ksmbd.control": "ksmbd-tools",
	"mount.cifs":    "cifs-utils",
}

// captureFiles are data files of Debian packages copied at the same path
// into the guests of `lab captures` only, with the package of each: the
// database schema ovsdb-tool creates e2e/scenarios/genl-ovsd.sh's
// Open vSwitch database from.
var captureFiles = map[string]string{
	"/usr/share/openvswitch/vswitch.ovsschema": "openvswitch-switch",
}

// addCaptureFiles copies captureFiles into t; a missing one is an error
// naming its package.
func addCaptureFiles(t tree) error {
	var missing []string
	for p, pkg := range captureFiles {
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			missing = append(missing, fmt.Sprintf("%s (apt-get install %s or .ci/setup --captures)", p, pkg))
			continue
		}
		t.file(p, real, 0o644)
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("host files missing: %s", strings.Join(missing, ", "))
	}
	return nil
}

// Guest paths.
const (
	guestLabDir    = "/lab"
	guestConfig    = "/lab/config.json"
	guestBinDir    = "/lab/bin" // NLCAP_E2E_BIN
	guestTestBin   = "/lab/e2e.test"
	guestSrc       = "/src"       // a copy of the repo's testdata and e2e/testdata
	guestShare     = "/mnt/share" // the 9p share (artifacts, captures, demo output)
	guestScenarios = "/scenarios"
	guestPath      = "/usr/sbin:/usr/bin:/sbin:/bin"
)

// guestConfig tells the guest agent (/init) what to run.
type guestConf struct {
	Boot    string   `json:"boot"`
	Mode    string   `json:"mode"` // "test" or "script"
	Args    []string `json:"args"` // test binary arguments (mode test)
	Scripts []string `json:"scripts"`
	Preload []string `json:"preload"`
	Env     []string `json:"env"`
	Timeout int      `json:"timeout_seconds"` // for the tests or each script
	// Monitor (host side only) gives the boot a QEMU monitor the guest's
	// scenario can ask for hostCommands (bootSpec.Monitor).
	Monitor bool `json:"-"`
	// QEMU (host side only) are QEMU arguments the boot adds: a
	// scenario's `# lab-qemu:` lines (scenarioQEMU).
	QEMU []string `json:"-"`
}

// hostFiles are the pieces of an initramfs that do not depend on the boot.
type hostFiles struct {
	Lab      string            // static harness binary, becomes /init
	TestBin  string            // e2e.test ("" in script mode)
	PkgTests []pkgTest         // package test binaries (pkgtests.go); none when the boot does not run them
	Bins     map[string]string // project binaries: name -> host path
	Repo     string
	Tools    tree // Debian tools, libraries, busybox and its applets (cached per run)
	ToolVers map[string]string
}

// toolTree copies busybox (and a symlink for each applet), the Debian
// tools of guestTools and of each of extra with the libraries ldd names and
// the loader at the same paths, and a minimal /etc.
func toolTree(extra ...map[string]string) (tree, error) {
	t := tree{}
	bb, err := exec.LookPath("busybox")
	if err != nil {
		return nil, fmt.Errorf("busybox not found: apt-get install busybox-static")
	}
	if dynamic, err := isDynamic(bb); err != nil {
		return nil, err
	} else if dynamic {
		return nil, fmt.Errorf("%s is dynamically linked: apt-get install busybox-static", bb)
	}
	t.file("/bin/busybox", bb, 0o755)
	out, err := exec.Command(bb, "--list").Output()
	if err != nil {
		return nil, fmt.Errorf("busybox --list: %w", err)
	}
	for _, a := range strings.Fields(string(out)) {
		if a != "busybox" && !strings.Contains(a, "/") {
			t.symlink("/bin/"+a, "busybox")
		}
	}
	t.symlink("/sbin/modprobe", "/bin/busybox") // the kernel's module autoloader
	t.symlink("/sbin/init", "/init")

	pkgs := map[string]string{}
	for _, m := range append([]map[string]string{guestTools}, extra...) {
		for n, pkg := range m {
			pkgs[n] = pkg
		}
	}
	names := make([]string, 0, len(pkgs))
	for n := range pkgs {
		names = append(names, n)
	}
	sort.Strings(names)
	var missing []string
	for _, n := range names {
		p, err := exec.LookPath(n)
		if err != nil {
			hint := "apt-get install " + pkgs[n]
			if _, ok := guestTools[n]; !ok {
				hint += " or .ci/setup --captures"
			}
			missing = append(missing, fmt.Sprintf("%s (%s)", n, hint))
			continue
		}
		p, _ = filepath.Abs(p)
		if err := addDynamic(t, p); err != nil {
			return nil, err
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("host tools missing: %s", strings.Join(missing, ", "))
	}

	t.data("/etc/passwd", []byte("root:x:0:0:root:/root:/bin/sh\n"), 0o644)
	t.data("/etc/group", []byte("root:x:0:\n"), 0o644)
	t.data("/etc/hosts", []byte("127.0.0.1 localhost\n::1 localhost\n"), 0o644)
	t.data("/etc/nsswitch.conf", []byte("passwd: files\ngroup: files\nhosts: files\n"), 0o644)
	for _, f := range []string{"/etc/protocols", "/etc/services", "/etc/ethertypes"} {
		if real, err := filepath.EvalSymlinks(f); err == nil {
			t.file(f, real, 0o644)
		}
	}
	if _, err := os.Stat("/etc/iproute2"); err == nil {
		if err := addTree(t, "/etc/iproute2", "/etc/iproute2"); err != nil {
			return nil, err
		}
	}
	for _, d := range []string{"/proc", "/sys", "/dev", "/tmp", "/run", "/root", "/var/tmp", guestShare} {
		t.dir(d)
	}
	t.chardev("/dev/console", 5, 1)
	t.chardev("/dev/null", 1, 3)
	return t, nil
}

// isDynamic reports whether the ELF file at p asks for a program interpreter.
func isDynamic(p string) (bool, error) {
	f, err := elf.Open(p)
	if err != nil {
		return false, fmt.Errorf("%s: %w", p, err)
	}
	defer f.Close()
	for _, prog := range f.Progs {
		if prog.Type == elf.PT_INTERP {
			return true, nil
		}
	}
	return false, nil
}

// addDynamic adds the program at p, and if it is dynamically linked, each
// library ldd names and the loader, at the paths ldd prints.
func addDynamic(t tree, p string) error {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return err
	}
	t.file(p, real, 0o755)
	dyn, err := isDynamic(real)
	if err != nil || !dyn {
		return err
	}
	out, err := exec.Command("ldd", real).Output()
	if err != nil {
		return fmt.Errorf("ldd %s: %w", real, err)
	}
	libs, err := parseLdd(out)
	if err != nil {
		return fmt.Errorf("ldd %s: %w", real, err)
	}
	for _, l := range libs {
		lr, err := filepath.EvalSymlinks(l)
		if err != nil {
			return fmt.Errorf("ldd %s: %w", real, err)
		}
		t.file(l, lr, 0o755)
	}
	return nil
}

// parseLdd returns the absolute library paths in ldd's output ("libc.so.6
// => /lib/x86_64-linux-gnu/libc.so.6 (0x...)" and the loader's own line).
func parseLdd(out []byte) ([]string, error) {
	var libs []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "linux-vdso") || strings.HasPrefix(line, "statically linked") {
			continue
		}
		if _, rhs, ok := strings.Cut(line, "=>"); ok {
			f := strings.Fields(rhs)
			if len(f) == 0 || f[0] == "not" {
				return nil, fmt.Errorf("library not found: %s", line)
			}
			libs = append(libs, f[0])
			continue
		}
		if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(f[0], "/") {
			libs = append(libs, f[0])
		}
	}
	return libs, sc.Err()
}

// buildInitramfs writes the initramfs of one boot to dst.
func buildInitramfs(dst string, hf *hostFiles, modDir, kver string, conf guestConf) (int64, error) {
	t := tree{}
	for p, e := range hf.Tools {
		t[p] = e
	}
	t.file("/init", hf.Lab, 0o755)
	if hf.TestBin != "" {
		t.file(guestTestBin, hf.TestBin, 0o755)
	}
	if len(hf.PkgTests) > 0 {
		if err := addPkgTests(t, hf.Repo, hf.PkgTests); err != nil {
			return 0, err
		}
	}
	t.dir(guestBinDir)
	for n, p := range hf.Bins {
		t.file(guestBinDir+"/"+n, p, 0o755)
	}
	if err := addTree(t, modDir, "/lib/modules/"+kver); err != nil {
		return 0, err
	}
	t.dir(guestSrc + "/e2e")
	for _, d := range []struct{ src, dst string }{
		{filepath.Join(hf.Repo, "testdata"), guestSrc + "/testdata"},
		{filepath.Join(hf.Repo, "e2e", "testdata"), guestSrc + "/e2e/testdata"},
		{filepath.Join(hf.Repo, "e2e", "scenarios"), guestScenarios},
	} {
		if _, err := os.Stat(d.src); err == nil {
			if err := addTree(t, d.src, d.dst); err != nil {
				return 0, err
			}
		}
	}
	b, err := json.MarshalIndent(conf, "", "  ")
	if err != nil {
		return 0, err
	}
	t.data(guestConfig, b, 0o644)

	f, err := os.Create(dst)
	if err != nil {
		return 0, err
	}
	if err := writeCpio(f, t); err != nil {
		f.Close()
		return 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	return fi.Size(), f.Close()
}
