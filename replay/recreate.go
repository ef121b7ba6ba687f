package replay

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/mdlayher/netlink"
	"github.com/nlcap/nlcap"
	"github.com/nlcap/nlcap/dissect"
)

// rtnetlink values the environment plan reads and writes, from
// include/uapi/linux/rtnetlink.h, if_link.h, if_addr.h, if_arp.h, if.h and
// veth.h.
const (
	rtmNewLink  = dissect.RTM_NEWLINK
	rtmGetLink  = dissect.RTM_GETLINK
	rtmNewAddr  = dissect.RTM_NEWADDR
	rtmNewRoute = dissect.RTM_NEWROUTE

	iflaAddress   = dissect.IFLA_ADDRESS
	iflaIfname    = dissect.IFLA_IFNAME
	iflaMTU       = dissect.IFLA_MTU
	iflaLink      = dissect.IFLA_LINK
	iflaMaster    = dissect.IFLA_MASTER
	iflaOperstate = dissect.IFLA_OPERSTATE
	iflaLinkinfo  = dissect.IFLA_LINKINFO
	iflaNetnsID   = dissect.IFLA_LINK_NETNSID
	iflaInfoKind  = dissect.IFLA_INFO_KIND
	iflaInfoData  = dissect.IFLA_INFO_DATA
	vethInfoPeer  = dissect.VETH_INFO_PEER

	ifaAddress = dissect.IFA_ADDRESS
	ifaLocal   = dissect.IFA_LOCAL
	ifaLabel   = dissect.IFA_LABEL
	ifaBcast   = dissect.IFA_BROADCAST
	ifaFlags   = dissect.IFA_FLAGS

	ifaFPermanent = dissect.IFA_F_PERMANENT

	rtaOIF       = dissect.RTA_OIF
	rtaMultipath = dissect.RTA_MULTIPATH
	rtaCacheinfo = dissect.RTA_CACHEINFO
	rtaTable     = dissect.RTA_TABLE
	rtaExpires   = dissect.RTA_EXPIRES
	rtaNhID      = dissect.RTA_NH_ID

	rtprotKernel = dissect.RTPROT_KERNEL // route installed by kernel
	rtTableLocal = dissect.RT_TABLE_LOCAL
	rtnUnicast   = dissect.RTN_UNICAST
	rtnBlackhole = dissect.RTN_BLACKHOLE
	rtnProhibit  = dissect.RTN_PROHIBIT

	arphrdNetlink = dissect.ARPHRD_NETLINK // nlmon links
	arphrdLoop    = dissect.ARPHRD_LOOPBACK
	iffUp         = dissect.IFF_UP

	planReqFlg = flagRequest | flagAck
	flagExcl   = dissect.NLM_F_EXCL // on NEW requests
)

// Fixed header sizes, from the registry: where the attributes of an
// RTM_NEWLINK (struct ifinfomsg), RTM_NEWADDR (struct ifaddrmsg),
// RTM_NEWROUTE (struct rtmsg) and RTM_NEWNETCONF (struct netconfmsg, padded)
// start, and the size of struct rtnexthop (an RTA_MULTIPATH entry).
var (
	ifinfoLen     = routeHeaderLen(dissect.RTM_NEWLINK)
	ifaddrLen     = routeHeaderLen(dissect.RTM_NEWADDR)
	rtmsgLen      = routeHeaderLen(dissect.RTM_NEWROUTE)
	netconfmsgLen = routeHeaderLen(dissect.RTM_NEWNETCONF)
	rtnhLen       = multipathEntryLen()
)

// routeHeaderLen returns where the attributes of rtnetlink message type t
// start (NLMSG_ALIGN of its fixed header), as the registry describes it.
func routeHeaderLen(t uint16) int {
	s, _ := dissect.Lookup(nlcap.FamilyRoute, t, "", nil, nil)
	return s.HeaderLen
}

// multipathEntryLen returns sizeof(struct rtnexthop), the struct that starts
// each RTA_MULTIPATH entry, as the registry describes it.
func multipathEntryLen() int {
	s, _ := dissect.Lookup(nlcap.FamilyRoute, dissect.RTM_NEWROUTE, "", nil, nil)
	if a := s.Attrs.Attr(dissect.RTA_MULTIPATH); a != nil && a.Struct != nil {
		return a.Struct.Len
	}
	return 0
}

// linkKinds are the IFLA_INFO_KIND values [PlanEnvironment] recreates, and
// which IFLA_INFO_DATA attributes of each it copies from the recorded link
// (nil: none; the rest are kernel state or need what a capture does not
// hold). Links without a kind (physical devices) are made as dummies.
var linkKinds = map[string][]uint16{
	"dummy":     nil,
	"veth":      nil, // the peer is made with the link
	"bridge":    nil, // bridge options are left at their defaults
	"vlan":      {dissect.IFLA_VLAN_ID, dissect.IFLA_VLAN_PROTOCOL},
	"macvlan":   {dissect.IFLA_MACVLAN_MODE, dissect.IFLA_MACVLAN_FLAGS},
	"macvtap":   {dissect.IFLA_MACVLAN_MODE, dissect.IFLA_MACVLAN_FLAGS},
	"ipvlan":    {dissect.IFLA_IPVLAN_MODE, dissect.IFLA_IPVLAN_FLAGS},
	"vxlan":     {dissect.IFLA_VXLAN_ID, dissect.IFLA_VXLAN_GROUP, dissect.IFLA_VXLAN_LOCAL, dissect.IFLA_VXLAN_TTL, dissect.IFLA_VXLAN_TOS, dissect.IFLA_VXLAN_PORT, dissect.IFLA_VXLAN_GROUP6, dissect.IFLA_VXLAN_LOCAL6}, // not LINK: an ifindex
	"bond":      {dissect.IFLA_BOND_MODE},
	"vrf":       {dissect.IFLA_VRF_TABLE},
	"wireguard": nil, // keys and peers come from the capture's own requests
	"ifb":       nil,
	"team":      nil,
}

// A StepKind says what a [Step] creates.
type StepKind uint8

// Steps of an environment [Plan], applied in this order.
const (
	StepLink    StepKind = iota // create a link (down, no master)
	StepLinkSet                 // enslave it and/or bring it up
	StepAddr                    // add an address
	StepRoute                   // add a route
)

// A Step is one request that recreates part of the recorded environment.
type Step struct {
	Kind StepKind
	// Link is the interface the step creates or configures.
	Link string
	// What describes the step for people: "create link dummy0 (dummy, mtu
	// 1500, address 02:6c:9e:71:65:37)", "set link br0 master br1, up",
	// "add address 10.0.0.1/24 on dummy0", "add route 10.1.0.0/16 dev
	// dummy0". Names read from the capture are quoted when not plain.
	What string
	// Needs lists the links whose live ifindex the request carries; a step
	// whose link could not be made is skipped.
	Needs []string

	// operstate is the recorded IFLA_OPERSTATE of the link a StepLinkSet
	// brings up, or -1: the kernel sets it asynchronously (linkwatch), and
	// Play waits for it before the first request.
	operstate int

	hdr   []byte // fixed header (ifinfomsg, ifaddrmsg, rtmsg)
	attrs []planAttr
	flags uint16
	typ   uint16
}

// A planAttr is one attribute of a step's request. Payloads of ifindex
// attributes are filled at apply time from the link name.
type planAttr struct {
	typ     uint16
	payload []byte
	ifname  string      // non-empty: the payload is this link's live ifindex (u32)
	nested  []planAttr  // non-nil: a nested attribute
	nexthop []rtnhEntry // RTA_MULTIPATH
}

// An rtnhEntry is one struct rtnexthop of RTA_MULTIPATH and its attributes.
type rtnhEntry struct {
	flags, hops uint8
	ifname      string
	attrs       []byte
}

// A Plan is the environment a capture assumed: what must exist in a fresh
// network namespace before its requests are replayed. Build it with
// [PlanEnvironment]; [Play] applies it with PlayConfig.Environment.
type Plan struct {
	// LoDown keeps lo down: the capture showed it down before any request
	// touched it. Otherwise lo is brought up, as on any host.
	LoDown bool
	// Steps are the requests to send, in order.
	Steps []Step
	// Notes say once each what the plan leaves out and why: "nlcap95: nlmon
	// link (the capturing tool's own): not recreated".
	Notes []string
}

// Message builds the request of st, with the live ifindex of each link it
// names from ifindex. It fails when a link has no live ifindex.
func (st *Step) Message(order binary.ByteOrder, ifindex func(name string) (uint32, bool)) (netlink.Message, error) {
	hdr := slices.Clone(st.hdr)
	if st.Kind == StepLinkSet || st.Kind == StepAddr {
		// ifi_index (ifinfomsg offset 4) or ifa_index (ifaddrmsg offset 4).
		idx, ok := ifindex(st.Link)
		if !ok {
			return netlink.Message{}, fmt.Errorf("link %s does not exist", st.Link)
		}
		order.PutUint32(hdr[4:], idx)
	}
	body, err := appendPlanAttrs(hdr, order, st.attrs, ifindex)
	if err != nil {
		return netlink.Message{}, err
	}
	return netlink.Message{
		Header: netlink.Header{Type: netlink.HeaderType(st.typ), Flags: netlink.HeaderFlags(st.flags), Length: uint32(nlcap.NlmsgHdrLen + len(body))},
		Data:   body,
	}, nil
}

func appendPlanAttrs(out []byte, order binary.ByteOrder, attrs []planAttr, ifindex func(string) (uint32, bool)) ([]byte, error) {
	for _, a := range attrs {
		p := a.payload
		switch {
		case a.ifname != "":
			idx, ok := ifindex(a.ifname)
			if !ok {
				return nil, fmt.Errorf("link %s does not exist", a.ifname)
			}
			p = app32(order, nil, idx)
		case a.nested != nil:
			var err error
			if p, err = appendPlanAttrs(slices.Clone(a.payload), order, a.nested, ifindex); err != nil {
				return nil, err
			}
		case a.nexthop != nil:
			p = nil
			for _, nh := range a.nexthop {
				idx, ok := ifindex(nh.ifname)
				if !ok {
					return nil, fmt.Errorf("link %s does not exist", nh.ifname)
				}
				p = app16(order, p, uint16(rtnhLen+len(nh.attrs)))
				p = append(p, nh.flags, nh.hops)
				p = app32(order, p, idx)
				p = append(p, nh.attrs...)
			}
		}
		out = appendAttr(out, order, a.typ, p)
	}
	return out, nil
}

// A recLink is what the capture showed of a link when it was first seen.
type recLink struct {
	name, kind, master, parent, peer string
	index                            uint32
	arphrd                           uint16
	up                               bool
	operstate                        int // IFLA_OPERSTATE, -1 when absent
	mtu                              uint32
	addr                             []byte
	data                             []byte // IFLA_INFO_DATA
	otherNetns                       bool   // IFLA_LINK_NETNSID: its peer/parent is in another namespace
}

// planner walks a script in capture order.
type planner struct {
	s       *Script
	order   binary.ByteOrder
	ifnames map[uint32]string
	created map[string]bool // links the capture's own requests made
	seen    map[string]bool // links already classified
	links   []*recLink      // pre-existing links, in order of first sight
	addrs   map[string]bool // address keys the capture's requests added
	routes  map[string]bool // route keys the capture's requests added
	plan    *Plan
	noted   map[string]bool
	loSeen  bool
}

// PlanEnvironment returns what the capture assumed existed (see [Plan]): the
// links first seen in an answer or notification before any request of the
// capture created them (their kind from IFLA_LINKINFO, name, MTU, address,
// up/down, master; a veth with its peer), then their addresses and the
// routes through them that no request of the capture added and the kernel
// did not make itself (proto kernel, local table, IPv6 link-local and
// lo's loopback addresses are left to the kernel). lo is kept down only
// when the capture shows it down before any request touched it. nlmon links
// (the capturing tool's own) and links it cannot make are left out, each
// said once in Notes. It does no I/O.
func PlanEnvironment(s *Script) *Plan {
	p := &planner{
		s: s, order: s.order(), ifnames: s.Interfaces(),
		created: map[string]bool{}, seen: map[string]bool{},
		addrs: map[string]bool{}, routes: map[string]bool{},
		plan: &Plan{}, noted: map[string]bool{},
	}
	var pendingAddrs, pendingRoutes []netlink.Message
	notes := 0
	observe := func(m netlink.Message) {
		switch uint16(m.Header.Type) {
		case rtmNewLink:
			p.observeLink(m)
		case rtmNewAddr:
			pendingAddrs = append(pendingAddrs, m)
		case rtmNewRoute:
			pendingRoutes = append(pendingRoutes, m)
		}
	}
	for i := range s.Exchanges {
		e := &s.Exchanges[i]
		if e.Family == nlcap.FamilyGeneric {
			p.ethtoolDevs(e)
		}
		if e.Family != nlcap.FamilyRoute {
			continue
		}
		// Addresses and routes are judged against the requests made before
		// they were seen: collect them, classify before the next request.
		p.classifyAddrs(pendingAddrs)
		p.classifyRoutes(pendingRoutes)
		pendingAddrs, pendingRoutes = nil, nil
		errno, _ := e.Errno(p.order)
		for _, m := range e.Messages {
			p.request(m, errno)
		}
		for _, a := range e.Answers {
			observe(a)
		}
		for ; notes < len(s.Notifications) && s.Notifications[notes].After <= i; notes++ {
			if n := s.Notifications[notes]; n.Family == nlcap.FamilyRoute {
				observe(n.Message)
			}
		}
	}
	p.classifyAddrs(pendingAddrs)
	p.classifyRoutes(pendingRoutes)
	p.linkSteps()
	// Addresses and routes were planned as seen; links go first.
	slices.SortStableFunc(p.plan.Steps, func(a, b Step) int { return int(a.Kind) - int(b.Kind) })
	return p.plan
}

func (p *planner) note(key, format string, args ...any) {
	if p.noted[key] {
		return
	}
	p.noted[key] = true
	p.plan.Notes = append(p.plan.Notes, fmt.Sprintf(format, args...))
}

// request notes what a request of the capture creates. A link creation
// the kernel refused with EEXIST shows a link that existed: it is planned
// from the request when no answer showed it before.
func (p *planner) request(m netlink.Message, errno int32) {
	t := uint16(m.Header.Type)
	create := m.Header.Flags&flagCreate != 0
	switch {
	case t == rtmNewLink && len(m.Data) >= ifinfoLen:
		l := p.parseLink(m.Data)
		if l.name == "" && l.index != 0 {
			l.name = p.ifnames[l.index]
		}
		if l.name == "lo" {
			p.loSeen = true
		}
		const eexist = dissect.EEXIST
		if create && errno == eexist && l.name != "" && !p.seen[l.name] {
			p.seen[l.name] = true
			if l.arphrd == 0 {
				l.arphrd = dissect.ARPHRD_ETHER // not lo, not nlmon
			}
			p.links = append(p.links, l)
			return
		}
		if create && l.name != "" && !p.seen[l.name] {
			p.created[l.name] = true
			p.seen[l.name] = true
		}
		if create && l.peer != "" && !p.seen[l.peer] {
			p.created[l.peer] = true
			p.seen[l.peer] = true
		}
	case t == rtmNewAddr && len(m.Data) >= ifaddrLen:
		p.addrs[p.addrKey(m.Data)] = true
	case t == rtmNewRoute && len(m.Data) >= rtmsgLen:
		p.routes[p.routeKey(m.Data)] = true
	}
}

// ethtoolDevs plans the links that ethtool requests name (in their request
// header nest: dissect.EthtoolDevName) when
// no rtnetlink message of the capture showed them first: the capture
// assumed them; they are made as dummies, up.
func (p *planner) ethtoolDevs(e *Exchange) {
	for _, m := range e.Messages {
		if p.s.GenlFamilies[uint16(m.Header.Type)] != "ethtool" || len(m.Data) < genlHdrLen {
			continue
		}
		name := dissect.EthtoolDevName(m.Data[genlHdrLen:], p.order)
		if name == "" || p.seen[name] {
			continue
		}
		p.seen[name] = true
		p.note("kind "+name, "%s: known only from ethtool requests: recreated as a dummy link, up", shown(name))
		p.links = append(p.links, &recLink{name: name, kind: "dummy", arphrd: dissect.ARPHRD_ETHER, up: true, operstate: -1})
	}
}

// parseLink reads an RTM_NEWLINK body.
func (p *planner) parseLink(b []byte) *recLink {
	l := &recLink{
		operstate: -1,
		arphrd:    p.order.Uint16(b[2:]),
		index:     p.order.Uint32(b[4:]),
		up:        p.order.Uint32(b[8:])&iffUp != 0,
	}
	eachAttr(b[ifinfoLen:], p.order, func(typ uint16, v []byte) {
		switch typ {
		case iflaIfname:
			l.name = cstring(v)
		case iflaMTU:
			if len(v) >= 4 {
				l.mtu = p.order.Uint32(v)
			}
		case iflaOperstate:
			if len(v) >= 1 {
				l.operstate = int(v[0])
			}
		case iflaAddress:
			l.addr = slices.Clone(v)
		case iflaMaster:
			if len(v) >= 4 {
				l.master = p.ifnames[p.order.Uint32(v)]
			}
		case iflaLink:
			if len(v) >= 4 {
				l.parent = p.ifnames[p.order.Uint32(v)]
			}
		case iflaNetnsID:
			l.otherNetns = true
		case iflaLinkinfo:
			eachAttr(v, p.order, func(typ uint16, v []byte) {
				switch typ {
				case iflaInfoKind:
					l.kind = cstring(v)
				case iflaInfoData:
					l.data = slices.Clone(v)
					// A veth create request names its peer here.
					eachAttr(v, p.order, func(typ uint16, v []byte) {
						if typ == vethInfoPeer && len(v) >= ifinfoLen {
							eachAttr(v[ifinfoLen:], p.order, func(typ uint16, v []byte) {
								if typ == iflaIfname {
									l.peer = cstring(v)
								}
							})
						}
					})
				}
			})
		}
	})
	return l
}

// observeLink classifies a link the kernel showed.
func (p *planner) observeLink(m netlink.Message) {
	if len(m.Data) < ifinfoLen {
		return
	}
	l := p.parseLink(m.Data)
	if l.name == "" || p.seen[l.name] {
		return
	}
	p.seen[l.name] = true
	switch {
	case l.arphrd == arphrdLoop || l.name == "lo":
		if !p.loSeen && !l.up {
			p.plan.LoDown = true
		}
		p.loSeen = true
	case l.arphrd == arphrdNetlink || l.kind == "nlmon":
		p.note("nlmon "+l.name, "%s: nlmon link (the capturing tool's own): not recreated, and left out of recorded link dumps", shown(l.name))
	default:
		p.links = append(p.links, l)
	}
}

// linkSteps plans the creation of the pre-existing links: every link
// first, then masters and up, so that order does not matter.
func (p *planner) linkSteps() {
	made := map[string]bool{}
	for _, l := range p.links {
		if made[l.name] {
			continue
		}
		st, ok := p.linkStep(l)
		if !ok {
			continue
		}
		made[l.name] = true
		if l.kind == "veth" && l.parent != "" {
			made[l.parent] = true
		}
		p.plan.Steps = append(p.plan.Steps, st)
	}
	for _, l := range p.links {
		if !made[l.name] {
			continue
		}
		var attrs []planAttr
		var what []string
		var needs []string
		if l.master != "" {
			if !made[l.master] {
				p.note("master "+l.name, "%s: master %s is not recreated: left without master", shown(l.name), shown(l.master))
			} else {
				attrs = append(attrs, planAttr{typ: iflaMaster, ifname: l.master})
				what = append(what, "master "+shown(l.master))
				needs = append(needs, l.master)
			}
		}
		if l.up {
			what = append(what, "up")
		}
		if len(attrs) == 0 && !l.up {
			continue
		}
		hdr := make([]byte, ifinfoLen)
		if l.up {
			p.order.PutUint32(hdr[8:], iffUp)
			p.order.PutUint32(hdr[12:], iffUp)
		}
		p.plan.Steps = append(p.plan.Steps, Step{
			Kind: StepLinkSet, Link: l.name, What: fmt.Sprintf("set link %s %s", shown(l.name), strings.Join(what, ", ")),
			Needs: append([]string{l.name}, needs...), hdr: hdr, attrs: attrs, typ: rtmNewLink, flags: planReqFlg,
			operstate: l.operstate,
		})
	}
}

// linkStep builds the RTM_NEWLINK that creates l.
func (p *planner) linkStep(l *recLink) (Step, bool) {
	kind := l.kind
	desc := kind
	if kind == "" {
		kind, desc = "dummy", "no kind in the capture (a physical device?): made as a dummy"
		p.note("kind "+l.name, "%s: has no IFLA_LINKINFO kind (a physical device?): recreated as a dummy link", shown(l.name))
	}
	keep, known := linkKinds[kind]
	if !known {
		p.note("kind "+l.name, "%s: kind %s: nlreplay does not know how to create it: not recreated", shown(l.name), strconv.Quote(kind))
		return Step{}, false
	}
	if l.otherNetns {
		p.note("netns "+l.name, "%s: its peer or lower link is in another network namespace: not recreated", shown(l.name))
		return Step{}, false
	}
	info := []planAttr{{typ: iflaInfoKind, payload: append([]byte(kind), 0)}}
	var attrs []planAttr
	attrs = append(attrs, planAttr{typ: iflaIfname, payload: append([]byte(l.name), 0)})
	parts := []string{desc}
	if l.mtu != 0 {
		attrs = append(attrs, planAttr{typ: iflaMTU, payload: app32(p.order, nil, l.mtu)})
		parts = append(parts, fmt.Sprintf("mtu %d", l.mtu))
	}
	if len(l.addr) > 0 && kind != "wireguard" {
		attrs = append(attrs, planAttr{typ: iflaAddress, payload: l.addr})
		parts = append(parts, "address "+hwaddr(l.addr))
	}
	var needs []string
	switch kind {
	case "veth":
		if l.parent == "" {
			p.note("peer "+l.name, "%s: veth whose peer the capture does not name: not recreated", shown(l.name))
			return Step{}, false
		}
		peer := make([]byte, ifinfoLen)
		peer = appendAttr(peer, p.order, iflaIfname, append([]byte(l.parent), 0))
		// The peer's own MTU and address, when the capture showed it.
		if i := slices.IndexFunc(p.links, func(x *recLink) bool { return x.name == l.parent }); i >= 0 {
			if x := p.links[i]; x.mtu != 0 {
				peer = appendAttr(peer, p.order, iflaMTU, app32(p.order, nil, x.mtu))
			}
			if x := p.links[i]; len(x.addr) > 0 {
				peer = appendAttr(peer, p.order, iflaAddress, x.addr)
			}
		}
		info = append(info, planAttr{typ: iflaInfoData | nlaFNested, nested: []planAttr{{typ: vethInfoPeer | nlaFNested, payload: peer}}})
		parts = append(parts, "peer "+shown(l.parent))
	case "vlan", "macvlan", "macvtap", "ipvlan":
		if l.parent == "" {
			p.note("parent "+l.name, "%s: %s link whose lower link the capture does not name: not recreated", shown(l.name), shown(kind))
			return Step{}, false
		}
		attrs = append(attrs, planAttr{typ: iflaLink, ifname: l.parent})
		needs = append(needs, l.parent)
		parts = append(parts, "on "+shown(l.parent))
	}
	if data := keepAttrs(l.data, p.order, keep); len(data) > 0 {
		info = append(info, planAttr{typ: iflaInfoData | nlaFNested, payload: data})
	}
	attrs = append(attrs, planAttr{typ: iflaLinkinfo | nlaFNested, nested: info})
	return Step{
		Kind: StepLink, Link: l.name, What: fmt.Sprintf("create link %s (%s)", shown(l.name), strings.Join(parts, ", ")),
		Needs: needs, hdr: make([]byte, ifinfoLen), attrs: attrs, typ: rtmNewLink,
		flags: planReqFlg | flagCreate | flagExcl,
	}, true
}

// keepAttrs returns the attributes of b whose type is in keep.
func keepAttrs(b []byte, order binary.ByteOrder, keep []uint16) []byte {
	var out []byte
	eachAttrRaw(b, order, func(raw uint16, v []byte) {
		if slices.Contains(keep, raw&nlaTypeMask) {
			out = appendAttr(out, order, raw, v)
		}
	})
	return out
}

func hwaddr(b []byte) string {
	parts := make([]string, len(b))
	for i, x := range b {
		parts[i] = fmt.Sprintf("%02x", x)
	}
	return strings.Join(parts, ":")
}

// addrKey identifies an address: ifindex, family, prefix length, address.
func (p *planner) addrKey(b []byte) string {
	var local, addr []byte
	eachAttr(b[ifaddrLen:], p.order, func(typ uint16, v []byte) {
		switch typ {
		case ifaLocal:
			local = v
		case ifaAddress:
			addr = v
		}
	})
	if local == nil {
		local = addr
	}
	return fmt.Sprintf("%s/%d/%d/%x", p.ifnames[p.order.Uint32(b[4:])], b[0], b[1], local)
}

// eachNew calls fn with the body of each message of msgs at least minLen
// long whose key is not in seen yet (made by a request of the capture, or
// already judged), and adds it.
func eachNew(msgs []netlink.Message, minLen int, key func([]byte) string, seen map[string]bool, fn func(b []byte)) {
	for _, m := range msgs {
		if len(m.Data) < minLen {
			continue
		}
		k := key(m.Data)
		if seen[k] {
			continue
		}
		seen[k] = true
		fn(m.Data)
	}
}

// classifyAddrs plans the addresses seen that no request added.
func (p *planner) classifyAddrs(msgs []netlink.Message) {
	eachNew(msgs, ifaddrLen, p.addrKey, p.addrs, p.addrStep)
}

// addrStep plans a recorded address on a recreated link, unless the
// kernel makes it itself.
func (p *planner) addrStep(b []byte) {
	dev := p.ifnames[p.order.Uint32(b[4:])]
	if !p.recreated(dev) {
		return
	}
	var ip []byte
	var flags uint32 = uint32(b[2])
	var attrs []planAttr
	eachAttr(b[ifaddrLen:], p.order, func(typ uint16, v []byte) {
		switch typ {
		case ifaLocal, ifaAddress, ifaBcast, ifaLabel:
			attrs = append(attrs, planAttr{typ: typ, payload: slices.Clone(v)})
			if typ == ifaLocal || typ == ifaAddress && ip == nil {
				ip = v
			}
		case ifaFlags:
			if len(v) >= 4 {
				flags = p.order.Uint32(v)
			}
		}
	})
	a, ok := netip.AddrFromSlice(ip)
	if !ok {
		return
	}
	// The kernel's own: IPv6 link-local, and addresses not
	// permanent (autoconfigured, temporary).
	if a.Is6() && a.IsLinkLocalUnicast() || flags&ifaFPermanent == 0 {
		return
	}
	attrs = append(attrs, planAttr{typ: ifaFlags, payload: app32(p.order, nil, flags&^ifaFPermanent)})
	hdr := slices.Clone(b[:ifaddrLen])
	p.plan.Steps = append(p.plan.Steps, Step{
		Kind: StepAddr, Link: dev, What: fmt.Sprintf("add address %s/%d on %s", a, b[1], shown(dev)),
		Needs: []string{dev}, hdr: hdr, attrs: attrs, typ: rtmNewAddr, flags: planReqFlg | flagCreate | flagExcl,
	})
}

// recreated reports whether the plan makes link name (so its addresses and
// routes can be recreated too).
func (p *planner) recreated(name string) bool {
	if name == "" || p.created[name] {
		return false
	}
	return slices.ContainsFunc(p.links, func(l *recLink) bool { return l.name == name })
}

// routeKey identifies a route: family, table, destination.
func (p *planner) routeKey(b []byte) string {
	table := uint32(b[4])
	var dst []byte
	eachAttr(b[rtmsgLen:], p.order, func(typ uint16, v []byte) {
		switch typ {
		case dissect.RTA_DST:
			dst = v
		case rtaTable:
			if len(v) >= 4 {
				table = p.order.Uint32(v)
			}
		}
	})
	return fmt.Sprintf("%d/%d/%x/%d", b[0], table, dst, b[1])
}

// classifyRoutes plans the routes seen that no request added and the
// kernel did not make.
func (p *planner) classifyRoutes(msgs []netlink.Message) {
	eachNew(msgs, rtmsgLen, p.routeKey, p.routes, func(b []byte) {
		proto, typ := b[5], b[7]
		if proto == rtprotKernel || b[4] == rtTableLocal || typ != rtnUnicast && (typ < rtnBlackhole || typ > rtnProhibit) {
			return
		}
		if st, ok := p.routeStep(b); ok {
			p.plan.Steps = append(p.plan.Steps, st)
		}
	})
}

// routeStep builds the RTM_NEWROUTE that recreates a recorded route.
func (p *planner) routeStep(b []byte) (Step, bool) {
	var attrs []planAttr
	var needs []string
	ok := true
	var dst []byte
	table := uint32(b[4])
	eachAttrRaw(b[rtmsgLen:], p.order, func(raw uint16, v []byte) {
		typ := raw & nlaTypeMask
		switch typ {
		case rtaCacheinfo, rtaExpires:
			return
		case rtaNhID:
			ok = false // nexthop objects are not recreated
			return
		case rtaOIF:
			if len(v) < 4 || !p.recreated(p.ifnames[p.order.Uint32(v)]) {
				ok = false
				return
			}
			dev := p.ifnames[p.order.Uint32(v)]
			needs = append(needs, dev)
			attrs = append(attrs, planAttr{typ: raw, ifname: dev})
			return
		case rtaMultipath:
			nhs, good := p.nexthops(v)
			if !good {
				ok = false
				return
			}
			for _, nh := range nhs {
				needs = append(needs, nh.ifname)
			}
			attrs = append(attrs, planAttr{typ: raw, nexthop: nhs})
			return
		case dissect.RTA_DST:
			dst = v
		case rtaTable:
			if len(v) >= 4 {
				table = p.order.Uint32(v)
			}
		}
		attrs = append(attrs, planAttr{typ: raw, payload: slices.Clone(v)})
	})
	if !ok || len(needs) == 0 && b[7] == rtnUnicast {
		return Step{}, false
	}
	what := "default"
	if a, good := netip.AddrFromSlice(dst); good {
		what = fmt.Sprintf("%s/%d", a, b[1])
	}
	if table != dissect.RT_TABLE_MAIN {
		what += fmt.Sprintf(" table %d", table)
	}
	if len(needs) > 0 {
		devs := slices.Compact(slices.Clone(needs))
		for i := range devs {
			devs[i] = shown(devs[i])
		}
		what += " dev " + strings.Join(devs, ",")
	}
	hdr := slices.Clone(b[:rtmsgLen])
	return Step{
		Kind: StepRoute, What: "add route " + what, Needs: needs, hdr: hdr, attrs: attrs,
		typ: rtmNewRoute, flags: planReqFlg | flagCreate | flagExcl,
	}, true
}

// nexthops parses RTA_MULTIPATH; every hop must go through a recreated link.
func (p *planner) nexthops(b []byte) ([]rtnhEntry, bool) {
	var out []rtnhEntry
	for len(b) >= rtnhLen {
		l := int(p.order.Uint16(b))
		if l < rtnhLen || l > len(b) {
			return nil, false
		}
		dev := p.ifnames[p.order.Uint32(b[4:])]
		if !p.recreated(dev) {
			return nil, false
		}
		out = append(out, rtnhEntry{flags: b[2], hops: b[3], ifname: dev, attrs: slices.Clone(b[rtnhLen:l])})
		b = b[min(nlcap.NlmsgAlign(l), len(b)):]
	}
	return out, len(out) > 0
}

// NlmonLinks returns the names of the nlmon links (the capturing tool's
// own) that the recorded answers of e list or describe: their RTM_NEWLINK
// (which [Compare] leaves out), or their netconf, qdisc, class, filter,
// address or neighbour entries (which [Play] leaves out of the recorded
// answers before comparing: the replay's namespace has no such link).
// nlmon is [Script.NlmonIndexes].
func (s *Script) NlmonLinks(e *Exchange, nlmon map[uint32]string) []string {
	_, names := s.withoutNlmon(e, nlmon)
	return names
}

// NlmonIndexes returns the ifindexes and names of the capture's nlmon links.
func (s *Script) NlmonIndexes() map[uint32]string {
	out := map[uint32]string{}
	order := s.order()
	learn := func(m netlink.Message) {
		if uint16(m.Header.Type) != rtmNewLink || len(m.Data) < ifinfoLen || order.Uint16(m.Data[2:]) != arphrdNetlink {
			return
		}
		name := ""
		eachAttr(m.Data[ifinfoLen:], order, func(typ uint16, v []byte) {
			if typ == iflaIfname {
				name = cstring(v)
			}
		})
		out[order.Uint32(m.Data[4:])] = name
	}
	for i := range s.Exchanges {
		if s.Exchanges[i].Family == nlcap.FamilyRoute {
			for _, a := range s.Exchanges[i].Answers {
				learn(a)
			}
		}
	}
	for _, n := range s.Notifications {
		if n.Family == nlcap.FamilyRoute {
			learn(n.Message)
		}
	}
	return out
}

// withoutNlmon returns the recorded answers of e without the entries that
// describe an nlmon link by ifindex, and the names of the nlmon links the
// answers refer to (RTM_NEWLINK of nlmon links included in the names, kept
// in the answers: Compare drops them).
func (s *Script) withoutNlmon(e *Exchange, nlmon map[uint32]string) ([]netlink.Message, []string) {
	if e.Family != nlcap.FamilyRoute || len(nlmon) == 0 {
		return e.Answers, nil
	}
	order := s.order()
	var names []string
	note := func(idx uint32) {
		if n := nlmon[idx]; !slices.Contains(names, shown(n)) {
			names = append(names, shown(n))
		}
	}
	out := e.Answers[:0:0]
	for _, a := range e.Answers {
		idx, ok := answerIfindex(a, order)
		if _, nl := nlmon[idx]; ok && nl {
			note(idx)
			if uint16(a.Header.Type) != rtmNewLink {
				continue
			}
		}
		out = append(out, a)
	}
	if len(names) == 0 {
		return e.Answers, nil
	}
	return out, names
}

// answerIfindex returns the ifindex an rtnetlink answer describes: the
// ifindex of its fixed header (link, address, neighbour, tc objects) or
// NETCONFA_IFINDEX.
func answerIfindex(m netlink.Message, order binary.ByteOrder) (uint32, bool) {
	const (
		rtmNewNeigh   = dissect.RTM_NEWNEIGH
		rtmNewQdisc   = dissect.RTM_NEWQDISC
		rtmNewTclass  = dissect.RTM_NEWTCLASS
		rtmNewTfilter = dissect.RTM_NEWTFILTER
		rtmNewNetconf = dissect.RTM_NEWNETCONF
		netconfIndex  = dissect.NETCONFA_IFINDEX
	)
	b := m.Data
	switch uint16(m.Header.Type) {
	case rtmNewLink, rtmNewAddr, rtmNewNeigh, rtmNewQdisc, rtmNewTclass, rtmNewTfilter:
		if len(b) >= 8 {
			return order.Uint32(b[4:]), true
		}
	case rtmNewNetconf:
		var idx uint32
		found := false
		if len(b) >= netconfmsgLen {
			eachAttr(b[netconfmsgLen:], order, func(typ uint16, v []byte) {
				if typ == netconfIndex && len(v) >= 4 {
					idx, found = order.Uint32(v), true
				}
			})
		}
		return idx, found
	}
	return 0, false
}

// shown returns a name read from a capture as it may be printed: as is when
// it is plain printable text, else Go-quoted (no terminal escapes).
func shown(name string) string {
	if q := strconv.Quote(name); q[1:len(q)-1] == name && !strings.ContainsAny(name, " \t") {
		return name
	}
	return strconv.Quote(name)
}
