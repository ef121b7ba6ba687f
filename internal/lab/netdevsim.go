package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Debian's 6.1 kernels leave netdevsim, HSR and AF_XDP's sock_diag out
// (# CONFIG_NETDEVSIM is not set, # CONFIG_HSR is not set, # CONFIG_XDP_SOCKETS_DIAG
// is not set), so `lab captures` builds them out of tree for
// e2e/scenarios/genl-devlink.sh, genl-hsr.sh and sockdiag-lab.sh from the sources
// of the same Debian release: linux-source-<series> and
// linux-headers-<uname -r> at one version (.ci/setup --captures installs
// both). The modules are unsigned; the lab kernel does not enforce
// signatures (CONFIG_MODULE_SIG_FORCE is not set), loading them only
// taints.

// outOfTree is a module built out of tree: its name (the scenario that
// runs `modprobe NAME` gets it), its directory in the kernel source and the
// make variables that switch it on.
type outOfTree struct {
	name, dir string
	vars      []string
}

// outOfTreeModules are the modules `lab captures` builds. The headers'
// auto.conf already says which optional parts the Debian config allows
// (netdevsim's BPF_SYSCALL, XFRM_OFFLOAD, PSAMPLE: all of them for 6.1);
// only the module itself is switched on. hsr also needs
// IS_ENABLED(CONFIG_HSR) true, or include/linux/if_hsr.h's inline
// hsr_get_version clashes with hsr_main.c's. xsk_diag includes net/xdp's
// private xsk.h and xsk_queue.h (the source tree at the headers' version
// has them); AF_XDP itself is built in (CONFIG_XDP_SOCKETS=y), so its
// objects are switched off here: only xsk_diag.o is compiled.
var outOfTreeModules = []outOfTree{
	{name: "netdevsim", dir: "drivers/net/netdevsim", vars: []string{"CONFIG_NETDEVSIM=m"}},
	{name: "hsr", dir: "net/hsr", vars: []string{"CONFIG_HSR=m", "KCFLAGS=-DCONFIG_HSR_MODULE=1"}},
	{name: "xsk_diag", dir: "net/xdp", vars: []string{"CONFIG_XDP_SOCKETS=n", "CONFIG_XDP_SOCKETS_DIAG=m"}},
}

// kernelSeries returns the source series of a Debian kernel release:
// "6.1.0-56-amd64" -> "6.1".
func kernelSeries(kver string) (string, error) {
	parts := strings.SplitN(kver, ".", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" || strings.Trim(parts[0]+parts[1], "0123456789") != "" {
		return "", fmt.Errorf("kernel release %q: want <major>.<minor>...", kver)
	}
	return parts[0] + "." + parts[1], nil
}

// dpkgVersion returns the installed version of a Debian package, or an
// error naming how to install it.
func dpkgVersion(pkg string) (string, error) {
	out, err := exec.Command("dpkg-query", "-W", "-f=${Status} ${Version}", pkg).Output()
	if err != nil {
		return "", fmt.Errorf("package %s is not installed (run .ci/setup --captures)", pkg)
	}
	return parseDpkgStatus(pkg, string(out))
}

// parseDpkgStatus reads "install ok installed VERSION".
func parseDpkgStatus(pkg, s string) (string, error) {
	const ok = "install ok installed "
	if !strings.HasPrefix(s, ok) || strings.TrimSpace(s[len(ok):]) == "" {
		return "", fmt.Errorf("package %s is not installed (%q; run .ci/setup --captures)", pkg, strings.TrimSpace(s))
	}
	return strings.TrimSpace(s[len(ok):]), nil
}

// buildOutOfTree builds m's module for kernel k into cache/<name> once
// (keyed by release and Debian version) and returns its path.
func buildOutOfTree(cache string, k *kernel, m outOfTree, logf func(string, ...any)) (string, error) {
	series, err := kernelSeries(k.Version)
	if err != nil {
		return "", err
	}
	hdrPkg, srcPkg := "linux-headers-"+k.Version, "linux-source-"+series
	hdrVer, err := dpkgVersion(hdrPkg)
	if err != nil {
		return "", fmt.Errorf("%s: %w", m.name, err)
	}
	srcVer, err := dpkgVersion(srcPkg)
	if err != nil {
		return "", fmt.Errorf("%s: %w", m.name, err)
	}
	if srcVer != hdrVer {
		return "", fmt.Errorf("%s: %s is %s but %s is %s: apt-get install %s=%s", m.name, srcPkg, srcVer, hdrPkg, hdrVer, srcPkg, hdrVer)
	}
	dir := filepath.Join(cache, m.name, k.Version+"_"+hdrVer)
	ko := filepath.Join(dir, m.name+".ko")
	if _, err := os.Stat(filepath.Join(dir, ".done")); err == nil {
		return ko, nil
	}
	logf("building %s.ko out of tree (%s %s) into %s", m.name, srcPkg, srcVer, dir)
	tmp := dir + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return "", err
	}
	tarball := filepath.Join("/usr/src", srcPkg+".tar.xz")
	member := srcPkg + "/" + m.dir
	strip := "--strip-components=" + strconv.Itoa(2+strings.Count(m.dir, "/"))
	if err := runLogged(tmp, "tar", "-xJf", tarball, "-C", src, strip, member); err != nil {
		return "", fmt.Errorf("%s: %w", m.name, err)
	}
	args := append([]string{"-C", "/usr/src/" + hdrPkg, "M=" + src}, m.vars...)
	if err := runLogged(tmp, "make", append(args, "modules")...); err != nil {
		return "", fmt.Errorf("%s: %w", m.name, err)
	}
	// Debug info is 90% of the module; the guest does not need it.
	if err := runLogged(tmp, "strip", "--strip-debug", "-o", filepath.Join(tmp, m.name+".ko"), filepath.Join(src, m.name+".ko")); err != nil {
		return "", fmt.Errorf("%s: %w", m.name, err)
	}
	if err := os.RemoveAll(src); err != nil {
		return "", err
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, ".done"), []byte(srcPkg+" "+srcVer+"\n"), 0o644); err != nil {
		return "", err
	}
	return ko, nil
}

// runLogged runs a command in dir; on failure the error carries the tail
// of its output.
func runLogged(dir, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
		if len(lines) > 20 {
			lines = lines[len(lines)-20:]
		}
		return fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, bytes.Join(lines, []byte("\n")))
	}
	return nil
}
