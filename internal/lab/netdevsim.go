package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Debian's 6.1 kernels leave netdevsim out (# CONFIG_NETDEVSIM is not set),
// so `lab captures` builds it out of tree for e2e/scenarios/genl-devlink.sh
// from the sources of the same Debian release: linux-source-<series> and
// linux-headers-<uname -r> at one version (.ci/setup --captures installs
// both). The module is unsigned; the lab kernel does not enforce signatures
// (CONFIG_MODULE_SIG_FORCE is not set), loading it only taints.

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

// buildNetdevsim builds netdevsim.ko for kernel k into cache/netdevsim
// once (keyed by release and Debian version) and returns its path.
func buildNetdevsim(cache string, k *kernel, logf func(string, ...any)) (string, error) {
	series, err := kernelSeries(k.Version)
	if err != nil {
		return "", err
	}
	hdrPkg, srcPkg := "linux-headers-"+k.Version, "linux-source-"+series
	hdrVer, err := dpkgVersion(hdrPkg)
	if err != nil {
		return "", fmt.Errorf("netdevsim: %w", err)
	}
	srcVer, err := dpkgVersion(srcPkg)
	if err != nil {
		return "", fmt.Errorf("netdevsim: %w", err)
	}
	if srcVer != hdrVer {
		return "", fmt.Errorf("netdevsim: %s is %s but %s is %s: apt-get install %s=%s", srcPkg, srcVer, hdrPkg, hdrVer, srcPkg, hdrVer)
	}
	dir := filepath.Join(cache, "netdevsim", k.Version+"_"+hdrVer)
	ko := filepath.Join(dir, "netdevsim.ko")
	if _, err := os.Stat(filepath.Join(dir, ".done")); err == nil {
		return ko, nil
	}
	logf("building netdevsim.ko out of tree (%s %s) into %s", srcPkg, srcVer, dir)
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
	member := srcPkg + "/drivers/net/netdevsim"
	if err := runLogged(tmp, "tar", "-xJf", tarball, "-C", src, "--strip-components=4", member); err != nil {
		return "", fmt.Errorf("netdevsim: %w", err)
	}
	// The headers' auto.conf already says which optional parts the Debian
	// config allows (BPF_SYSCALL, XFRM_OFFLOAD, PSAMPLE: all of them for
	// 6.1); only netdevsim itself is switched on here.
	if err := runLogged(tmp, "make", "-C", "/usr/src/"+hdrPkg, "M="+src, "CONFIG_NETDEVSIM=m", "modules"); err != nil {
		return "", fmt.Errorf("netdevsim: %w", err)
	}
	// Debug info is 90% of the module; the guest does not need it.
	if err := runLogged(tmp, "strip", "--strip-debug", "-o", filepath.Join(tmp, "netdevsim.ko"), filepath.Join(src, "netdevsim.ko")); err != nil {
		return "", fmt.Errorf("netdevsim: %w", err)
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
