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
// make variables that switch it on. kos are the modules the build makes,
// relative to dir (none: NAME.ko); symbols names an outOfTree built before
// it whose exported symbols this one uses (its Module.symvers is passed
// as KBUILD_EXTRA_SYMBOLS).
type outOfTree struct {
	name, dir string
	vars      []string
	kos       []string
	symbols   string
}

// modules returns the paths of the modules m's build makes, relative to
// its source directory.
func (m outOfTree) modules() []string {
	if len(m.kos) == 0 {
		return []string{m.name + ".ko"}
	}
	return m.kos
}

// outOfTreeModules are the modules `lab captures` builds. The headers'
// auto.conf already says which optional parts the Debian config allows
// (netdevsim's BPF_SYSCALL, XFRM_OFFLOAD, PSAMPLE: all of them for 6.1);
// only the module itself is switched on. hsr also needs
// IS_ENABLED(CONFIG_HSR) true, or include/linux/if_hsr.h's inline
// hsr_get_version clashes with hsr_main.c's. xsk_diag includes net/xdp's
// private xsk.h and xsk_queue.h (the source tree at the headers' version
// has them); AF_XDP itself is built in (CONFIG_XDP_SOCKETS=y), so its
// objects are switched off here: only xsk_diag.o is compiled. vdpa (# CONFIG_VDPA is
// not set: the vdpa management family and its simulator's network device,
// e2e/scenarios/genl-vdpa.sh) needs vringh (CONFIG_VHOST_RING, not set
// either), built first from drivers/vhost with its other modules off;
// vhost_iotlb is Debian's.
var outOfTreeModules = []outOfTree{
	{name: "netdevsim", dir: "drivers/net/netdevsim", vars: []string{"CONFIG_NETDEVSIM=m"}},
	{name: "hsr", dir: "net/hsr", vars: []string{"CONFIG_HSR=m", "KCFLAGS=-DCONFIG_HSR_MODULE=1"}},
	{name: "xsk_diag", dir: "net/xdp", vars: []string{"CONFIG_XDP_SOCKETS=n", "CONFIG_XDP_SOCKETS_DIAG=m"}},
	{name: "vringh", dir: "drivers/vhost", vars: []string{"CONFIG_VHOST_RING=m", "CONFIG_VHOST=n", "CONFIG_VHOST_NET=n",
		"CONFIG_VHOST_SCSI=n", "CONFIG_VHOST_VSOCK=n", "CONFIG_VHOST_IOTLB=n", "CONFIG_VHOST_VDPA=n"}},
	{name: "vdpa", dir: "drivers/vdpa", vars: []string{"CONFIG_VDPA=m", "CONFIG_VDPA_SIM=m", "CONFIG_VDPA_SIM_NET=m"},
		kos: []string{"vdpa.ko", "vdpa_sim/vdpa_sim.ko", "vdpa_sim/vdpa_sim_net.ko"}, symbols: "vringh"},
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

// buildOutOfTree builds m's modules for kernel k into cache/<name> once
// (keyed by release and Debian version, with the build's Module.symvers)
// and returns their paths. The module m.symbols names must be built
// first.
func buildOutOfTree(cache string, k *kernel, m outOfTree, logf func(string, ...any)) ([]string, error) {
	series, err := kernelSeries(k.Version)
	if err != nil {
		return nil, err
	}
	hdrPkg, srcPkg := "linux-headers-"+k.Version, "linux-source-"+series
	hdrVer, err := dpkgVersion(hdrPkg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", m.name, err)
	}
	srcVer, err := dpkgVersion(srcPkg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", m.name, err)
	}
	if srcVer != hdrVer {
		return nil, fmt.Errorf("%s: %s is %s but %s is %s: apt-get install %s=%s", m.name, srcPkg, srcVer, hdrPkg, hdrVer, srcPkg, hdrVer)
	}
	buildDir := func(name string) string { return filepath.Join(cache, name, k.Version+"_"+hdrVer) }
	dir := buildDir(m.name)
	var kos []string
	for _, rel := range m.modules() {
		kos = append(kos, filepath.Join(dir, filepath.Base(rel)))
	}
	if _, err := os.Stat(filepath.Join(dir, ".done")); err == nil {
		return kos, nil
	}
	logf("building %s out of tree (%s %s) into %s", strings.Join(m.modules(), ", "), srcPkg, srcVer, dir)
	tmp := dir + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	src := filepath.Join(tmp, "src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		return nil, err
	}
	tarball := filepath.Join("/usr/src", srcPkg+".tar.xz")
	member := srcPkg + "/" + m.dir
	strip := "--strip-components=" + strconv.Itoa(2+strings.Count(m.dir, "/"))
	if err := runLogged(tmp, "tar", "-xJf", tarball, "-C", src, strip, member); err != nil {
		return nil, fmt.Errorf("%s: %w", m.name, err)
	}
	args := append([]string{"-C", "/usr/src/" + hdrPkg, "M=" + src}, m.vars...)
	if m.symbols != "" {
		symvers := filepath.Join(buildDir(m.symbols), "Module.symvers")
		if _, err := os.Stat(symvers); err != nil {
			return nil, fmt.Errorf("%s: needs %s built first: %w", m.name, m.symbols, err)
		}
		args = append(args, "KBUILD_EXTRA_SYMBOLS="+symvers)
	}
	if err := runLogged(tmp, "make", append(args, "modules")...); err != nil {
		return nil, fmt.Errorf("%s: %w", m.name, err)
	}
	// Debug info is 90% of the module; the guest does not need it.
	for _, rel := range m.modules() {
		if err := runLogged(tmp, "strip", "--strip-debug", "-o", filepath.Join(tmp, filepath.Base(rel)), filepath.Join(src, rel)); err != nil {
			return nil, fmt.Errorf("%s: %w", m.name, err)
		}
	}
	if err := os.Rename(filepath.Join(src, "Module.symvers"), filepath.Join(tmp, "Module.symvers")); err != nil {
		return nil, fmt.Errorf("%s: %w", m.name, err)
	}
	if err := os.RemoveAll(src); err != nil {
		return nil, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, dir); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, ".done"), []byte(srcPkg+" "+srcVer+"\n"), 0o644); err != nil {
		return nil, err
	}
	return kos, nil
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
