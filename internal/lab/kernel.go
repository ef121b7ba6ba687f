package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// defaultKernelPkg is the Debian kernel package booted by default.
const defaultKernelPkg = "linux-image-6.1.0-56-amd64"

// baseModules are the modules (names or path.Match patterns on module
// names) every boot gets, with their dependencies: what the tests need
// (nlmon, dummy, veth, wireguard, nf_tables and the nft expressions nft
// uses) and what the harness needs (virtio PCI and the 9p share).
var baseModules = []string{
	"nlmon", "dummy", "veth", "wireguard",
	"nf_tables", "nfnetlink", "nft_*", "nf_reject_*",
	"virtio_pci", "9pnet_virtio", "9p", "crc32c_generic",
	// netfilter, sock_diag, xfrm (issue 12, helper NF): ctnetlink, the
	// sock_diag handlers ss asks, XFRM with ESP and its algorithms.
	"nf_conntrack_netlink", "inet_diag", "tcp_diag", "udp_diag", "unix_diag", "netlink_diag", "af_packet_diag",
	"xfrm_user", "esp4", "authenc", "echainiv", "seqiv", "drbg", "jitterentropy_rng",
}

// scenarioModules are the modules `lab captures` boots get besides
// baseModules: what the scenarios' tools need. They stay out of the e2e
// boots, where the replayed captures expect the kernel they were made on
// (rtnl-kinds.pcap recorded "Unknown device type" for vlan, macvlan and
// vxlan links; nlcap-mixed's link dumps hold no tunnel fallback devices; a
// genl family lookup would autoload cfg80211 and change the family tables
// the replay tests compare).
var scenarioModules = []string{
	// nl80211 on simulated radios (e2e/scenarios/genl-nl80211.sh).
	"mac80211_hwsim",
	// rtnetlink depth (e2e/scenarios/rtnl-depth.sh): tc qdiscs,
	// classifiers and actions; link kinds with IFLA_INFO_DATA (fq_codel is
	// built in).
	"sch_htb", "sch_tbf", "sch_netem", "sch_prio", "sch_ingress",
	"cls_u32", "cls_flower", "cls_bpf", "cls_matchall", "cls_basic",
	"act_gact", "act_mirred", "act_police",
	"8021q", "macvlan", "vxlan", "bonding", "geneve", "vrf",
	"ip_gre", "ipip", "sit", "ip6_tunnel", "bridge",
	// generic netlink tunnel families (e2e/scenarios/genl-tunnels.sh).
	"l2tp_netlink", "l2tp_eth", "fou", "macsec", "gcm", "ghash_generic", "ctr",
	// team, openvswitch, batman-adv, NET_DM, vsock_diag
	// (e2e/scenarios/genl-more.sh).
	"team", "team_mode_*", "openvswitch", "batman-adv", "drop_monitor",
	"vsock", "vsock_loopback", "vsock_diag",
	// VFS_DQUOT and acpi_event (e2e/scenarios/genl-events.sh): ext4 with
	// quotas on a loop device, the ACPI button driver.
	"ext4", "loop", "quota_v2", "button",
	// nfnetlink_queue and nfnetlink_log behind nft's queue and log group
	// (e2e/scenarios/nf-queue-lab.sh; nft_queue and nft_log are nft_*).
	"nfnetlink_queue", "nfnetlink_log",
	// the FTP helper making conntrack expectations
	// (e2e/scenarios/nf-expect-lab.sh).
	"nf_conntrack_ftp", "nf_nat_ftp",
	// tc's sample action feeding psample (e2e/scenarios/genl-psample.sh);
	// gtp links and tunnels (e2e/scenarios/genl-gtp.sh).
	"act_sample", "gtp",
	// the ACPI fan of the SSDT's thermal zone, its cooling device
	// (e2e/scenarios/genl-thermal.sh).
	"fan",
	// netdevsim's dependency (netdevsim.ko itself is built out of tree:
	// netdevsim.go; e2e/scenarios/genl-devlink.sh).
	"psample",
	// AF_SMC and its sock_diag (e2e/scenarios/sockdiag-lab.sh; AF_XDP's
	// xsk_diag is built out of tree: netdevsim.go).
	"smc", "smc_diag",
	// a real NIC driver with private flags and statistics strings for
	// ethtool (e2e/scenarios/genl-ethtool-nic.sh: QEMU's e1000e device).
	"e1000e",
	// IPVS behind ipvsadm (e2e/scenarios/genl-ipvs.sh): the core, the
	// schedulers and the persistence engine its services name.
	"ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh", "ip_vs_pe_sip",
	// TIPCv2, ILA, nl802154 and MAC802154_HWSIM, nbd
	// (e2e/scenarios/genl-misc.sh).
	"tipc", "ila", "mac802154_hwsim", "nbd",
	// vdpa_sim's dependency (vdpa, vdpa_sim, vdpa_sim_net and vringh are
	// built out of tree: netdevsim.go; e2e/scenarios/genl-vdpa.sh).
	"vhost_iotlb",
	// ksmbd and the kernel's SMB client with the crypto they load by
	// name (e2e/scenarios/genl-ksmbd.sh).
	"ksmbd", "cifs", "cmac", "ecb", "ccm", "sha512_generic", "nls_utf8", "crc32_generic",
}

// currentKernelPkg asks apt which kernel package linux-image-amd64 depends
// on now: Debian drops old ABI packages (…-56-amd64) from the archive when
// a new one comes, so the default can vanish.
func currentKernelPkg() (string, error) {
	out, err := exec.Command("apt-cache", "depends", "linux-image-amd64").CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("apt-cache depends linux-image-amd64: %w\n%s", err, out)
	}
	return parseKernelDepends(out)
}

// parseKernelDepends finds "Depends: linux-image-X" in apt-cache depends output.
func parseKernelDepends(out []byte) (string, error) {
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), ":")
		v = strings.TrimSpace(v)
		if ok && k == "Depends" && strings.HasPrefix(v, "linux-image-") && !strings.ContainsAny(v, " <>|") {
			return v, nil
		}
	}
	return "", errors.New("apt-cache depends linux-image-amd64: no linux-image dependency (run apt-get update)")
}

// A kernel is an extracted Debian kernel package whose full module tree
// has been indexed by depmod.
type kernel struct {
	Pkg     string
	Root    string // dpkg -x output
	Version string // uname -r, the directory under lib/modules
	Vmlinuz string
	modDir  string              // Root/lib/modules/Version
	deps    map[string][]string // module path (relative to modDir) -> dependency paths
	byName  map[string]string   // module name (with _) -> path
	// Extra are out-of-tree modules (host paths, netdevsim.ko) staged
	// into lib/modules/Version/extra of every boot: modprobe finds them.
	Extra []string
}

// prepareKernel downloads and extracts pkg into cache/kernel/pkg once, and
// runs depmod over its whole module tree; later runs reuse it.
func prepareKernel(cache, pkg string, logf func(string, ...any)) (*kernel, error) {
	if pkg == "" || strings.ContainsAny(pkg, "/ \t") {
		return nil, fmt.Errorf("bad kernel package name %q", pkg)
	}
	dir := filepath.Join(cache, "kernel", pkg)
	done := filepath.Join(dir, ".done")
	if _, err := os.Stat(done); err != nil {
		logf("fetching %s (apt-get download) into %s", pkg, dir)
		tmp := dir + ".tmp"
		if err := os.RemoveAll(tmp); err != nil {
			return nil, err
		}
		if err := os.MkdirAll(tmp, 0o755); err != nil {
			return nil, err
		}
		defer os.RemoveAll(tmp) // renamed to dir on success; a failed fetch leaves nothing
		dl := exec.Command("apt-get", "download", pkg)
		dl.Dir = tmp
		if out, err := dl.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("apt-get download %s: %w\n%s\n(run `apt-get update` first; `apt-cache depends linux-image-amd64` names the current kernel package)", pkg, err, out)
		}
		debs, _ := filepath.Glob(filepath.Join(tmp, "*.deb"))
		if len(debs) != 1 {
			return nil, fmt.Errorf("apt-get download %s: want one .deb, found %d", pkg, len(debs))
		}
		root := filepath.Join(tmp, "root")
		if out, err := exec.Command("dpkg", "-x", debs[0], root).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("dpkg -x %s: %w\n%s", debs[0], err, out)
		}
		if err := os.Remove(debs[0]); err != nil {
			return nil, err
		}
		k, err := findKernel(pkg, root)
		if err != nil {
			return nil, err
		}
		if out, err := exec.Command("depmod", "-b", k.Root, k.Version).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("depmod -b %s %s: %w\n%s", k.Root, k.Version, err, out)
		}
		if err := os.RemoveAll(dir); err != nil {
			return nil, err
		}
		if err := os.Rename(tmp, dir); err != nil {
			return nil, err
		}
		if err := os.WriteFile(done, []byte(pkg+"\n"), 0o644); err != nil {
			return nil, err
		}
	}
	k, err := findKernel(pkg, filepath.Join(dir, "root"))
	if err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(k.modDir, "modules.dep"))
	if err != nil {
		return nil, fmt.Errorf("kernel %s: %w", pkg, err)
	}
	defer f.Close()
	k.deps, k.byName, err = parseModulesDep(f)
	if err != nil {
		return nil, fmt.Errorf("kernel %s: modules.dep: %w", pkg, err)
	}
	return k, nil
}

// findKernel locates vmlinuz and the module directory in an extracted package.
func findKernel(pkg, root string) (*kernel, error) {
	k := &kernel{Pkg: pkg, Root: root}
	vms, _ := filepath.Glob(filepath.Join(root, "boot", "vmlinuz-*"))
	if len(vms) != 1 {
		return nil, fmt.Errorf("package %s: want one boot/vmlinuz-*, found %d (is it a linux-image package?)", pkg, len(vms))
	}
	k.Vmlinuz = vms[0]
	k.Version = strings.TrimPrefix(filepath.Base(vms[0]), "vmlinuz-")
	k.modDir = filepath.Join(root, "lib", "modules", k.Version)
	if _, err := os.Stat(k.modDir); err != nil {
		return nil, fmt.Errorf("package %s: %w", pkg, err)
	}
	return k, nil
}

// moduleName turns "kernel/drivers/net/nlmon.ko" into "nlmon" (dashes
// become underscores, as modprobe and /sys/module spell them).
func moduleName(p string) string {
	b := path.Base(p)
	if i := strings.Index(b, ".ko"); i >= 0 {
		b = b[:i]
	}
	return strings.ReplaceAll(b, "-", "_")
}

// parseModulesDep reads depmod's modules.dep ("path: dep dep...").
func parseModulesDep(r io.Reader) (map[string][]string, map[string]string, error) {
	deps := map[string][]string{}
	byName := map[string]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		mod, rest, ok := strings.Cut(line, ":")
		if !ok || mod == "" {
			return nil, nil, fmt.Errorf("line %d: no module path before ':': %q", n, line)
		}
		deps[mod] = strings.Fields(rest)
		byName[moduleName(mod)] = mod
	}
	return deps, byName, sc.Err()
}

// resolveModules expands patterns into module paths plus everything they
// depend on, leaving out the excluded module names. It fails if a pattern
// matches nothing or a kept module depends on an excluded one.
func resolveModules(deps map[string][]string, byName map[string]string, patterns, exclude []string) ([]string, error) {
	excluded := map[string]bool{}
	for _, e := range exclude {
		excluded[strings.ReplaceAll(e, "-", "_")] = true
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	var queue []string
	for _, pat := range patterns {
		pat = strings.ReplaceAll(pat, "-", "_")
		matched := false
		for _, n := range names {
			if ok, err := path.Match(pat, n); err != nil {
				return nil, fmt.Errorf("module pattern %q: %w", pat, err)
			} else if ok {
				matched = true
				if !excluded[n] {
					queue = append(queue, byName[n])
				}
			}
		}
		if !matched && !excluded[pat] {
			return nil, fmt.Errorf("module %q: not in this kernel's modules.dep (built in, or absent?)", pat)
		}
	}
	seen := map[string]bool{}
	for len(queue) > 0 {
		m := queue[0]
		queue = queue[1:]
		if seen[m] {
			continue
		}
		seen[m] = true
		for _, d := range deps[m] {
			if excluded[moduleName(d)] {
				return nil, fmt.Errorf("module %s is excluded but %s depends on it", moduleName(d), moduleName(m))
			}
			queue = append(queue, d)
		}
	}
	out := make([]string, 0, len(seen))
	for m := range seen {
		out = append(out, m)
	}
	sort.Strings(out)
	return out, nil
}

// stageModules copies the chosen modules into a staging tree under cache
// and runs depmod there, so the guest's modprobe sees a consistent
// modules.dep. The staging tree is keyed by package and module set and
// reused. It returns the staged lib/modules/<version> directory.
func stageModules(cache string, k *kernel, mods []string) (string, error) {
	h := sha256.New()
	for _, m := range mods {
		io.WriteString(h, m+"\n")
	}
	for _, e := range k.Extra {
		fi, err := os.Stat(e)
		if err != nil {
			return "", fmt.Errorf("out-of-tree module: %w", err)
		}
		fmt.Fprintf(h, "extra %s %d %d\n", e, fi.Size(), fi.ModTime().UnixNano())
	}
	key := k.Pkg + "-" + hex.EncodeToString(h.Sum(nil))[:12]
	base := filepath.Join(cache, "modules", key)
	modDir := filepath.Join(base, "lib", "modules", k.Version)
	if _, err := os.Stat(filepath.Join(base, ".done")); err == nil {
		return modDir, nil
	}
	if err := os.RemoveAll(base); err != nil {
		return "", err
	}
	files := append([]string{}, mods...)
	for _, f := range []string{"modules.order", "modules.builtin", "modules.builtin.modinfo"} {
		if _, err := os.Stat(filepath.Join(k.modDir, f)); err == nil {
			files = append(files, f)
		}
	}
	for _, f := range files {
		dst := filepath.Join(modDir, f)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return "", err
		}
		if err := copyFile(filepath.Join(k.modDir, f), dst); err != nil {
			return "", err
		}
	}
	for _, e := range k.Extra {
		dst := filepath.Join(modDir, "extra", filepath.Base(e))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return "", err
		}
		if err := copyFile(e, dst); err != nil {
			return "", err
		}
	}
	if out, err := exec.Command("depmod", "-b", base, k.Version).CombinedOutput(); err != nil {
		return "", fmt.Errorf("depmod -b %s %s: %w\n%s", base, k.Version, err, out)
	}
	if err := os.WriteFile(filepath.Join(base, ".done"), nil, 0o644); err != nil {
		return "", err
	}
	return modDir, nil
}

// copyFile copies src to dst (a hard link when possible).
func copyFile(src, dst string) error {
	if err := os.Link(src, dst); err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// addTree adds every file under host dir src to t below guest dir dst.
func addTree(t tree, src, dst string) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		g := path.Join(dst, filepath.ToSlash(rel))
		switch {
		case d.IsDir():
			t.dir(g)
		case d.Type()&os.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			t.symlink(g, target)
		case d.Type().IsRegular():
			fi, err := d.Info()
			if err != nil {
				return err
			}
			t.file(g, p, uint32(fi.Mode().Perm()))
		default:
			return errors.New("unsupported file type: " + p)
		}
		return nil
	})
}
