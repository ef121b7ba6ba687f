package dissect

import (
	"encoding/binary"
	"slices"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
)

// families61 is every generic netlink family a 6.1 kernel (Debian's
// linux-source-6.1) registers, by the .name of its struct genl_family.
var families61 = []string{
	"nlctrl", "ethtool", "wireguard", "nl80211", "devlink", "ovs_datapath", "ovs_vport", "ovs_flow", "ovs_packet",
	"ovs_meter", "ovs_ct_limit", "mptcp_pm", "tcp_metrics", "TASKSTATS", "thermal", "team", "macsec", "l2tp", "fou",
	"SEG6", "IOAM6", "NET_DM", "psample", "batadv", "HSR", "gtp", "NLBL_MGMT", "NLBL_CIPSOv4", "NLBL_CALIPSO",
	"NLBL_UNLBL", "acpi_event", "VFS_DQUOT",
	"IPVS", "nfc", "TIPCv2", "TIPC", "ila", "DLM", "nbd", "vdpa", "SMC_GEN_NETLINK", "SMC_PNETID", "NCSI",
	"TCM-USER", "cifs", "802.15.4 MAC", "nl802154", "MAC80211_HWSIM", "MAC802154_HWSIM", "SMBD_GENL", "pmcraid",
}

// TestGenlFamilies61 fails when a family of the 6.1 list loses its overlay
// or its command names.
func TestGenlFamilies61(t *testing.T) {
	for _, name := range families61 {
		f := genlFamilySpecs[name]
		if f == nil {
			t.Errorf("%q is not registered", name)
			continue
		}
		if len(f.Commands) == 0 {
			t.Errorf("%q names no command", name)
		}
	}
}

// av returns the value of name in g as an attribute type (0xffff when g
// lacks it, which no check below then finds).
func av(g uapiGroup, name string) uint16 {
	v, ok := g.value(name)
	if !ok {
		return 0xffff
	}
	return uint16(v)
}

// cv returns the value of name in g as a genl command.
func cv(g uapiGroup, name string) uint8 { return uint8(av(g, name)) }

// padTo returns b padded with zeros to n bytes (a C char array).
func padTo(b []byte, n int) []byte { return append(b, make([]byte, n-len(b))...) }

func be16(v uint16) []byte { return []byte{byte(v >> 8), byte(v)} }

// TestGenlMoreFamilies decodes a message of each family these overlays add
// and checks its command name and the names and values of its attributes.
func TestGenlMoreFamilies(t *testing.T) {
	type check struct {
		value string
		path  []string
	}
	c := func(value string, path ...string) check { return check{value, path} }
	tests := []struct {
		family  string
		cmd     uint8
		flags   uint16
		attrs   [][]byte
		cmdName string
		kind    MsgKind
		checks  []check
	}{
		{"IPVS", cv(genIPVS_CMD, "IPVS_CMD_NEW_SERVICE"), nlmFRequest | nlmFAck, [][]byte{
			nla(av(genIPVS_CMD_ATTR, "IPVS_CMD_ATTR_SERVICE")|nlaFNested,
				nla(av(genIPVS_SVC_ATTR, "IPVS_SVC_ATTR_AF"), u16(2)),
				nla(av(genIPVS_SVC_ATTR, "IPVS_SVC_ATTR_PROTOCOL"), u16(6)),
				nla(av(genIPVS_SVC_ATTR, "IPVS_SVC_ATTR_ADDR"), []byte{192, 0, 2, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}),
				nla(av(genIPVS_SVC_ATTR, "IPVS_SVC_ATTR_PORT"), be16(80)),
				nla(av(genIPVS_SVC_ATTR, "IPVS_SVC_ATTR_FLAGS"), u32(1), u32(0xffffffff)),
				nla(av(genIPVS_SVC_ATTR, "IPVS_SVC_ATTR_NETMASK"), []byte{255, 255, 255, 0}),
				nla(av(genIPVS_SVC_ATTR, "IPVS_SVC_ATTR_SCHED_NAME"), str("rr")),
				nla(av(genIPVS_SVC_ATTR, "IPVS_SVC_ATTR_STATS64")|nlaFNested, nla(av(genIPVS_STATS_ATTR, "IPVS_STATS_ATTR_INBYTES"), gu64(1500)))),
			nla(av(genIPVS_CMD_ATTR, "IPVS_CMD_ATTR_TIMEOUT_TCP"), u32(900))},
			"IPVS_CMD_NEW_SERVICE", MsgNew, []check{
				c("AF_INET", "IPVS_CMD_ATTR_SERVICE", "IPVS_SVC_ATTR_AF"),
				c("80", "IPVS_CMD_ATTR_SERVICE", "IPVS_SVC_ATTR_PORT"),
				c("IPPROTO_TCP", "IPVS_CMD_ATTR_SERVICE", "IPVS_SVC_ATTR_PROTOCOL"),
				c("192.0.2.10", "IPVS_CMD_ATTR_SERVICE", "IPVS_SVC_ATTR_ADDR"),
				c("255.255.255.0", "IPVS_CMD_ATTR_SERVICE", "IPVS_SVC_ATTR_NETMASK"),
				c(`"rr"`, "IPVS_CMD_ATTR_SERVICE", "IPVS_SVC_ATTR_SCHED_NAME"),
				c("1500", "IPVS_CMD_ATTR_SERVICE", "IPVS_SVC_ATTR_STATS64", "IPVS_STATS_ATTR_INBYTES"),
				c("900", "IPVS_CMD_ATTR_TIMEOUT_TCP")}},
		{"IPVS", cv(genIPVS_CMD, "IPVS_CMD_NEW_DEST"), nlmFRequest | nlmFAck, [][]byte{
			nla(av(genIPVS_CMD_ATTR, "IPVS_CMD_ATTR_SERVICE")|nlaFNested,
				nla(av(genIPVS_SVC_ATTR, "IPVS_SVC_ATTR_AF"), u16(10)),
				nla(av(genIPVS_SVC_ATTR, "IPVS_SVC_ATTR_ADDR"), []byte{0x20, 1, 0xd, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
				nla(av(genIPVS_SVC_ATTR, "IPVS_SVC_ATTR_NETMASK"), u32(128))),
			nla(av(genIPVS_CMD_ATTR, "IPVS_CMD_ATTR_DEST")|nlaFNested,
				nla(av(genIPVS_DEST_ATTR, "IPVS_DEST_ATTR_FWD_METHOD"), u32(3)),
				nla(av(genIPVS_DEST_ATTR, "IPVS_DEST_ATTR_TUN_TYPE"), gu8(1)),
				nla(av(genIPVS_DEST_ATTR, "IPVS_DEST_ATTR_TUN_FLAGS"), u16(3)))},
			"IPVS_CMD_NEW_DEST", MsgNew, []check{
				c("2001:db8::1", "IPVS_CMD_ATTR_SERVICE", "IPVS_SVC_ATTR_ADDR"),
				c("128", "IPVS_CMD_ATTR_SERVICE", "IPVS_SVC_ATTR_NETMASK"),
				c("IP_VS_CONN_F_DROUTE", "IPVS_CMD_ATTR_DEST", "IPVS_DEST_ATTR_FWD_METHOD"),
				c("IP_VS_CONN_F_TUNNEL_TYPE_GUE", "IPVS_CMD_ATTR_DEST", "IPVS_DEST_ATTR_TUN_TYPE"),
				c("IP_VS_TUNNEL_ENCAP_FLAG_CSUM|IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM", "IPVS_CMD_ATTR_DEST", "IPVS_DEST_ATTR_TUN_FLAGS")}},
		// The answer to IPVS_CMD_GET_INFO: IPVS_CMD_SET_INFO with IPVS_INFO_ATTR_*.
		{"IPVS", cv(genIPVS_CMD, "IPVS_CMD_SET_INFO"), 0, [][]byte{
			nla(av(genIPVS_INFO_ATTR, "IPVS_INFO_ATTR_VERSION"), u32(0x010201)),
			nla(av(genIPVS_INFO_ATTR, "IPVS_INFO_ATTR_CONN_TAB_SIZE"), u32(4096))},
			"IPVS_CMD_SET_INFO", MsgNew, []check{c("66049", "IPVS_INFO_ATTR_VERSION"), c("4096", "IPVS_INFO_ATTR_CONN_TAB_SIZE")}},
		{"nfc", cv(genNFC_CMD, "NFC_CMD_GET_DEVICE"), 0, [][]byte{
			nla(av(genNFC_ATTR, "NFC_ATTR_DEVICE_INDEX"), u32(0)),
			nla(av(genNFC_ATTR, "NFC_ATTR_DEVICE_NAME"), str("nfc0")),
			nla(av(genNFC_ATTR, "NFC_ATTR_DEVICE_POWERED"), gu8(1)),
			nla(av(genNFC_ATTR, "NFC_ATTR_PROTOCOLS"), u32(1<<2|1<<5)),
			nla(av(genNFC_ATTR, "NFC_ATTR_RF_MODE"), gu8(1)),
			nla(av(genNFC_ATTR, "NFC_ATTR_LLC_SDP")|nlaFNested, nla(1|nlaFNested,
				nla(av(genNFC_SDP_ATTR, "NFC_SDP_ATTR_URI"), str("urn:nfc:sn:snep")), nla(av(genNFC_SDP_ATTR, "NFC_SDP_ATTR_SAP"), gu8(4))))},
			"NFC_CMD_GET_DEVICE", MsgGet, []check{
				c(`"nfc0"`, "NFC_ATTR_DEVICE_NAME"), c("1", "NFC_ATTR_DEVICE_POWERED"),
				c("NFC_PROTO_MIFARE|NFC_PROTO_NFC_DEP", "NFC_ATTR_PROTOCOLS"), c("NFC_RF_TARGET", "NFC_ATTR_RF_MODE"),
				c(`"urn:nfc:sn:snep"`, "NFC_ATTR_LLC_SDP", "[1]", "NFC_SDP_ATTR_URI")}},
		{"TIPCv2", cv(genTIPC_NL, "TIPC_NL_BEARER_ENABLE"), nlmFRequest | nlmFAck, [][]byte{
			nla(av(genTIPC_NLA, "TIPC_NLA_BEARER")|nlaFNested,
				nla(av(genTIPC_NLA_BEARER, "TIPC_NLA_BEARER_NAME"), str("udp:b1")),
				nla(av(genTIPC_NLA_BEARER, "TIPC_NLA_BEARER_PROP")|nlaFNested, nla(av(genTIPC_NLA_PROP, "TIPC_NLA_PROP_PRIO"), u32(10))),
				nla(av(genTIPC_NLA_BEARER, "TIPC_NLA_BEARER_UDP_OPTS")|nlaFNested,
					nla(av(genTIPC_NLA_UDP, "TIPC_NLA_UDP_LOCAL"), []byte{2, 0, 0x17, 0xc0, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0})))},
			"TIPC_NL_BEARER_ENABLE", MsgNew, []check{
				c(`"udp:b1"`, "TIPC_NLA_BEARER", "TIPC_NLA_BEARER_NAME"),
				c("10", "TIPC_NLA_BEARER", "TIPC_NLA_BEARER_PROP", "TIPC_NLA_PROP_PRIO"),
				c("192.0.2.1:6080", "TIPC_NLA_BEARER", "TIPC_NLA_BEARER_UDP_OPTS", "TIPC_NLA_UDP_LOCAL")}},
		{"TIPCv2", cv(genTIPC_NL, "TIPC_NL_SOCK_GET"), 0, [][]byte{
			nla(av(genTIPC_NLA, "TIPC_NLA_SOCK")|nlaFNested,
				nla(av(genTIPC_NLA_SOCK, "TIPC_NLA_SOCK_REF"), u32(12345)),
				nla(av(genTIPC_NLA_SOCK, "TIPC_NLA_SOCK_HAS_PUBL")),
				nla(av(genTIPC_NLA_SOCK, "TIPC_NLA_SOCK_CON")|nlaFNested, nla(av(genTIPC_NLA_CON, "TIPC_NLA_CON_NODE"), u32(0x1001001))))},
			"TIPC_NL_SOCK_GET", MsgGet, []check{
				c("12345", "TIPC_NLA_SOCK", "TIPC_NLA_SOCK_REF"), c("", "TIPC_NLA_SOCK", "TIPC_NLA_SOCK_HAS_PUBL"),
				c("16781313", "TIPC_NLA_SOCK", "TIPC_NLA_SOCK_CON", "TIPC_NLA_CON_NODE")}},
		{"TIPCv2", cv(genTIPC_NL, "TIPC_NL_KEY_SET"), nlmFRequest | nlmFAck, [][]byte{
			nla(av(genTIPC_NLA, "TIPC_NLA_NODE")|nlaFNested,
				nla(av(genTIPC_NLA_NODE, "TIPC_NLA_NODE_KEY"), []byte{1, 2, 3, 4}),
				nla(av(genTIPC_NLA_NODE, "TIPC_NLA_NODE_KEY_MASTER"))),
			nla(av(genTIPC_NLA, "TIPC_NLA_MON_PEER")|nlaFNested, nla(av(genTIPC_NLA_MON_PEER, "TIPC_NLA_MON_PEER_MEMBERS"), u32(0x1001001), u32(0x1001002)))},
			"TIPC_NL_KEY_SET", MsgNew, []check{
				c("<redacted 4 bytes>", "TIPC_NLA_NODE", "TIPC_NLA_NODE_KEY"), c("", "TIPC_NLA_NODE", "TIPC_NLA_NODE_KEY_MASTER"),
				c("16781313,16781314", "TIPC_NLA_MON_PEER", "TIPC_NLA_MON_PEER_MEMBERS")}},
		// The answers to TIPC_NL_UDP_GET_REMOTEIP: TIPC_NL_BEARER_GET with
		// TIPC_NLA_UDP_REMOTE at the top level; a bearer's answer has its nest.
		{"TIPCv2", cv(genTIPC_NL, "TIPC_NL_BEARER_GET"), nlmFMulti, [][]byte{
			nla(av(genTIPC_NLA_UDP, "TIPC_NLA_UDP_REMOTE"), []byte{2, 0, 0x17, 0xc0, 192, 0, 2, 9, 0, 0, 0, 0, 0, 0, 0, 0})},
			"TIPC_NL_BEARER_GET", MsgGet, []check{c("192.0.2.9:6080", "TIPC_NLA_UDP_REMOTE")}},
		{"TIPCv2", cv(genTIPC_NL, "TIPC_NL_BEARER_GET"), nlmFMulti, [][]byte{
			nla(av(genTIPC_NLA, "TIPC_NLA_BEARER")|nlaFNested, nla(av(genTIPC_NLA_BEARER, "TIPC_NLA_BEARER_NAME"), str("eth:eth0")))},
			"TIPC_NL_BEARER_GET", MsgGet, []check{c(`"eth:eth0"`, "TIPC_NLA_BEARER", "TIPC_NLA_BEARER_NAME")}},
		{"ila", cv(genILA_CMD, "ILA_CMD_ADD"), nlmFRequest | nlmFAck, [][]byte{
			nla(av(genILA_ATTR, "ILA_ATTR_LOCATOR"), []byte{0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2}),
			nla(av(genILA_ATTR, "ILA_ATTR_IFINDEX"), u32(3)),
			nla(av(genILA_ATTR, "ILA_ATTR_DIR"), u32(3)),
			nla(av(genILA_ATTR, "ILA_ATTR_CSUM_MODE"), gu8(1))},
			"ILA_CMD_ADD", MsgNew, []check{
				c("2001:db8:1:2", "ILA_ATTR_LOCATOR"), c("3", "ILA_ATTR_IFINDEX"), c("ILA_DIR_IN|ILA_DIR_OUT", "ILA_ATTR_DIR"),
				c("ILA_CSUM_NEUTRAL_MAP", "ILA_ATTR_CSUM_MODE")}},
		{"DLM", cv(genDLM_CMD, "DLM_CMD_TIMEOUT"), eventPID, [][]byte{nla(av(genDLM_TYPE, "DLM_TYPE_LOCK"), []byte{1, 0, 0, 0})},
			"DLM_CMD_TIMEOUT", MsgOther, []check{c("01000000", "DLM_TYPE_LOCK")}},
		{"nbd", cv(genNBD_CMD, "NBD_CMD_CONNECT"), nlmFRequest | nlmFAck, [][]byte{
			nla(av(genNBD_ATTR, "NBD_ATTR_SIZE_BYTES"), gu64(1<<30)),
			nla(av(genNBD_ATTR, "NBD_ATTR_SOCKETS")|nlaFNested, nla(av(genNBD_SOCK_ITEM, "NBD_SOCK_ITEM")|nlaFNested, nla(av(genNBD_SOCK, "NBD_SOCK_FD"), u32(5))))},
			"NBD_CMD_CONNECT", MsgNew, []check{
				c("1073741824", "NBD_ATTR_SIZE_BYTES"), c("5", "NBD_ATTR_SOCKETS", "NBD_SOCK_ITEM", "NBD_SOCK_FD")}},
		{"nbd", cv(genNBD_CMD, "NBD_CMD_STATUS"), 0, [][]byte{
			nla(av(genNBD_ATTR, "NBD_ATTR_DEVICE_LIST")|nlaFNested, nla(av(genNBD_DEVICE_ITEM, "NBD_DEVICE_ITEM")|nlaFNested,
				nla(av(genNBD_DEVICE, "NBD_DEVICE_INDEX"), u32(0)), nla(av(genNBD_DEVICE, "NBD_DEVICE_CONNECTED"), gu8(1))))},
			"NBD_CMD_STATUS", MsgOther, []check{c("1", "NBD_ATTR_DEVICE_LIST", "NBD_DEVICE_ITEM", "NBD_DEVICE_CONNECTED")}},
		{"vdpa", cv(genVDPA_CMD, "VDPA_CMD_DEV_NEW"), nlmFRequest | nlmFAck, [][]byte{
			nla(av(genVDPA_ATTR, "VDPA_ATTR_MGMTDEV_DEV_NAME"), str("vdpasim_net")),
			nla(av(genVDPA_ATTR, "VDPA_ATTR_DEV_NAME"), str("vdpa0")),
			nla(av(genVDPA_ATTR, "VDPA_ATTR_DEV_NET_CFG_MACADDR"), []byte{2, 0, 0, 0, 0, 1}),
			nla(av(genVDPA_ATTR, "VDPA_ATTR_DEV_NET_CFG_MTU"), u16(1500))},
			"VDPA_CMD_DEV_NEW", MsgNew, []check{
				c(`"vdpa0"`, "VDPA_ATTR_DEV_NAME"), c("02:00:00:00:00:01", "VDPA_ATTR_DEV_NET_CFG_MACADDR"), c("1500", "VDPA_ATTR_DEV_NET_CFG_MTU")}},
		{"vdpa", cv(genVDPA_CMD, "VDPA_CMD_MGMTDEV_NEW"), 0, [][]byte{
			nla(av(genVDPA_ATTR, "VDPA_ATTR_MGMTDEV_DEV_NAME"), str("vdpasim_net")),
			nla(av(genVDPA_ATTR, "VDPA_ATTR_MGMTDEV_SUPPORTED_CLASSES"), gu64(1<<1|1<<2))},
			"VDPA_CMD_MGMTDEV_NEW", MsgNew, []check{c("VIRTIO_ID_NET|VIRTIO_ID_BLOCK", "VDPA_ATTR_MGMTDEV_SUPPORTED_CLASSES")}},
		{"vdpa", cv(genVDPA_CMD, "VDPA_CMD_DEV_CONFIG_GET"), 0, [][]byte{
			nla(av(genVDPA_ATTR, "VDPA_ATTR_DEV_NET_STATUS"), u16(1)),
			nla(av(genVDPA_ATTR, "VDPA_ATTR_DEV_ID"), u32(1)),
			nla(av(genVDPA_ATTR, "VDPA_ATTR_DEV_NEGOTIATED_FEATURES"), gu64(1<<32))},
			"VDPA_CMD_DEV_CONFIG_GET", MsgGet, []check{c("VIRTIO_NET_S_LINK_UP", "VDPA_ATTR_DEV_NET_STATUS"), c("VIRTIO_ID_NET", "VDPA_ATTR_DEV_ID"), c("4294967296", "VDPA_ATTR_DEV_NEGOTIATED_FEATURES")}},
		{"SMC_GEN_NETLINK", cv(genSMC_NETLINK, "SMC_NETLINK_GET_SYS_INFO"), 0, [][]byte{
			nla(av(genSMC_GEN, "SMC_GEN_SYS_INFO")|nlaFNested,
				nla(av(genSMC_NLA_SYS, "SMC_NLA_SYS_VER"), gu8(2)),
				nla(av(genSMC_NLA_SYS, "SMC_NLA_SYS_LOCAL_HOST"), str("host1")))},
			"SMC_NETLINK_GET_SYS_INFO", MsgGet, []check{
				c("2", "SMC_GEN_SYS_INFO", "SMC_NLA_SYS_VER"), c(`"host1"`, "SMC_GEN_SYS_INFO", "SMC_NLA_SYS_LOCAL_HOST")}},
		{"SMC_GEN_NETLINK", cv(genSMC_NETLINK, "SMC_NETLINK_GET_STATS"), 0, [][]byte{
			nla(av(genSMC_GEN, "SMC_GEN_STATS")|nlaFNested,
				nla(av(genSMC_NLA_STATS, "SMC_NLA_STATS_SMCR_TECH")|nlaFNested,
					nla(av(genSMC_NLA_STATS_T, "SMC_NLA_STATS_T_TXPLOAD_SIZE")|nlaFNested, nla(av(genSMC_NLA_STATS_PLOAD, "SMC_NLA_STATS_PLOAD_8K"), gu64(7)))))},
			"SMC_NETLINK_GET_STATS", MsgGet, []check{
				c("7", "SMC_GEN_STATS", "SMC_NLA_STATS_SMCR_TECH", "SMC_NLA_STATS_T_TXPLOAD_SIZE", "SMC_NLA_STATS_PLOAD_8K")}},
		{"SMC_GEN_NETLINK", cv(genSMC_NETLINK, "SMC_NETLINK_GET_DEV_SMCR"), 0, [][]byte{
			nla(av(genSMC_GEN, "SMC_GEN_DEV_SMCR")|nlaFNested,
				nla(av(genSMC_NLA_DEV, "SMC_NLA_DEV_IB_NAME"), str("mlx5_0")),
				nla(av(genSMC_NLA_DEV, "SMC_NLA_DEV_PORT2")|nlaFNested, nla(av(genSMC_NLA_DEV_PORT, "SMC_NLA_DEV_PORT_NETDEV"), u32(3))))},
			"SMC_NETLINK_GET_DEV_SMCR", MsgGet, []check{
				c(`"mlx5_0"`, "SMC_GEN_DEV_SMCR", "SMC_NLA_DEV_IB_NAME"),
				c("3", "SMC_GEN_DEV_SMCR", "SMC_NLA_DEV_PORT2", "SMC_NLA_DEV_PORT_NETDEV")}},
		// The UEID and SEID commands carry sets of their own.
		{"SMC_GEN_NETLINK", cv(genSMC_NETLINK, "SMC_NETLINK_ADD_UEID"), nlmFRequest | nlmFAck, [][]byte{
			nla(av(genSMC_NLA_EID_TABLE, "SMC_NLA_EID_TABLE_ENTRY"), str("SMC-UEID-1"))},
			"SMC_NETLINK_ADD_UEID", MsgNew, []check{c(`"SMC-UEID-1"`, "SMC_NLA_EID_TABLE_ENTRY")}},
		{"SMC_GEN_NETLINK", cv(genSMC_NETLINK, "SMC_NETLINK_DUMP_SEID"), 0, [][]byte{
			nla(av(genSMC_NLA_SEID, "SMC_NLA_SEID_ENTRY"), str("seid")), nla(av(genSMC_NLA_SEID, "SMC_NLA_SEID_ENABLED"), gu8(1))},
			"SMC_NETLINK_DUMP_SEID", MsgGet, []check{c(`"seid"`, "SMC_NLA_SEID_ENTRY"), c("1", "SMC_NLA_SEID_ENABLED")}},
		{"SMC_GEN_NETLINK", cv(genSMC_NETLINK, "SMC_NETLINK_DUMP_HS_LIMITATION"), 0, [][]byte{
			nla(av(genSMC_NLA_HS_LIMITATION, "SMC_NLA_HS_LIMITATION_ENABLED"), gu8(0))},
			"SMC_NETLINK_DUMP_HS_LIMITATION", MsgGet, []check{c("0", "SMC_NLA_HS_LIMITATION_ENABLED")}},
		{"SMC_PNETID", cv(genSMC_PNETID_CMD, "SMC_PNETID_ADD"), nlmFRequest | nlmFAck, [][]byte{
			nla(av(genSMC_PNETID, "SMC_PNETID_NAME"), str("PNET1")),
			nla(av(genSMC_PNETID, "SMC_PNETID_ETHNAME"), str("eth0"))},
			"SMC_PNETID_ADD", MsgNew, []check{c(`"PNET1"`, "SMC_PNETID_NAME"), c(`"eth0"`, "SMC_PNETID_ETHNAME")}},
		{"NCSI", cv(genNCSI_CMD, "NCSI_CMD_PKG_INFO"), 0, [][]byte{
			nla(av(genNCSI_ATTR, "NCSI_ATTR_PACKAGE_LIST")|nlaFNested, nla(av(genNCSI_PKG_ATTR, "NCSI_PKG_ATTR")|nlaFNested,
				nla(av(genNCSI_PKG_ATTR, "NCSI_PKG_ATTR_ID"), u32(0)),
				nla(av(genNCSI_PKG_ATTR, "NCSI_PKG_ATTR_CHANNEL_LIST")|nlaFNested, nla(av(genNCSI_CHANNEL_ATTR, "NCSI_CHANNEL_ATTR")|nlaFNested,
					nla(av(genNCSI_CHANNEL_ATTR, "NCSI_CHANNEL_ATTR_VERSION_STR"), str("1.2.3")),
					nla(av(genNCSI_CHANNEL_ATTR, "NCSI_CHANNEL_ATTR_ACTIVE"))))))},
			"NCSI_CMD_PKG_INFO", MsgOther, []check{
				c(`"1.2.3"`, "NCSI_ATTR_PACKAGE_LIST", "NCSI_PKG_ATTR", "NCSI_PKG_ATTR_CHANNEL_LIST", "NCSI_CHANNEL_ATTR", "NCSI_CHANNEL_ATTR_VERSION_STR")}},
		{"TCM-USER", cv(genTCMU_CMD, "TCMU_CMD_ADDED_DEVICE"), eventPID, [][]byte{
			nla(av(genTCMU_ATTR, "TCMU_ATTR_DEVICE"), str("tcmu/dev0")),
			nla(av(genTCMU_ATTR, "TCMU_ATTR_MINOR"), u32(0)),
			nla(av(genTCMU_ATTR, "TCMU_ATTR_DEVICE_ID"), u32(7))},
			"TCMU_CMD_ADDED_DEVICE", MsgOther, []check{c(`"tcmu/dev0"`, "TCMU_ATTR_DEVICE"), c("7", "TCMU_ATTR_DEVICE_ID")}},
		{"cifs", cv(genCIFS_GENL_CMD, "CIFS_GENL_CMD_SWN_REGISTER"), eventPID, [][]byte{
			nla(av(genCIFS_GENL_ATTR, "CIFS_GENL_ATTR_SWN_REGISTRATION_ID"), u32(1)),
			nla(av(genCIFS_GENL_ATTR, "CIFS_GENL_ATTR_SWN_NET_NAME"), str("server")),
			nla(av(genCIFS_GENL_ATTR, "CIFS_GENL_ATTR_SWN_IP"), []byte{2, 0, 0x01, 0xbd, 192, 0, 2, 7, 0, 0, 0, 0, 0, 0, 0, 0}),
			nla(av(genCIFS_GENL_ATTR, "CIFS_GENL_ATTR_SWN_KRB_AUTH"))},
			"CIFS_GENL_CMD_SWN_REGISTER", MsgOther, []check{
				c("1", "CIFS_GENL_ATTR_SWN_REGISTRATION_ID"), c(`"server"`, "CIFS_GENL_ATTR_SWN_NET_NAME"),
				c("192.0.2.7:445", "CIFS_GENL_ATTR_SWN_IP"), c("", "CIFS_GENL_ATTR_SWN_KRB_AUTH")}},
		{"cifs", cv(genCIFS_GENL_CMD, "CIFS_GENL_CMD_SWN_NOTIFY"), nlmFRequest, [][]byte{
			nla(av(genCIFS_GENL_ATTR, "CIFS_GENL_ATTR_SWN_NOTIFICATION_TYPE"), u32(1)),
			nla(av(genCIFS_GENL_ATTR, "CIFS_GENL_ATTR_SWN_RESOURCE_STATE"), u32(1))},
			"CIFS_GENL_CMD_SWN_NOTIFY", MsgOther, []check{
				c("CIFS_SWN_NOTIFICATION_RESOURCE_CHANGE", "CIFS_GENL_ATTR_SWN_NOTIFICATION_TYPE"),
				c("CIFS_SWN_RESOURCE_STATE_AVAILABLE", "CIFS_GENL_ATTR_SWN_RESOURCE_STATE")}},
		{"802.15.4 MAC", cv(kIEEE802154_CMD, "IEEE802154_LIST_IFACE"), 0, [][]byte{
			nla(av(kIEEE802154_ATTR, "IEEE802154_ATTR_DEV_NAME"), str("wpan0")),
			nla(av(kIEEE802154_ATTR, "IEEE802154_ATTR_DEV_INDEX"), u32(4)),
			nla(av(kIEEE802154_ATTR, "IEEE802154_ATTR_DEV_TYPE"), gu8(1)),
			nla(av(kIEEE802154_ATTR, "IEEE802154_ATTR_HW_ADDR"), []byte{2, 0, 0, 0, 0, 0, 0, 1}),
			nla(av(kIEEE802154_ATTR, "IEEE802154_ATTR_PAN_ID"), u16(0xabcd)),
			nla(av(kIEEE802154_ATTR, "IEEE802154_ATTR_TXPOWER"), []byte{0xfd})},
			"IEEE802154_LIST_IFACE", MsgGet, []check{
				c(`"wpan0"`, "IEEE802154_ATTR_DEV_NAME"), c("4", "IEEE802154_ATTR_DEV_INDEX"), c("IEEE802154_DEV_MONITOR", "IEEE802154_ATTR_DEV_TYPE"),
				c("02:00:00:00:00:00:00:01", "IEEE802154_ATTR_HW_ADDR"), c("0xabcd", "IEEE802154_ATTR_PAN_ID"), c("-3", "IEEE802154_ATTR_TXPOWER")}},
		{"nl802154", cv(kNL802154_CMD, "NL802154_CMD_NEW_INTERFACE"), 0, [][]byte{
			nla(av(kNL802154_ATTR, "NL802154_ATTR_WPAN_PHY"), u32(0)),
			nla(av(kNL802154_ATTR, "NL802154_ATTR_IFINDEX"), u32(5)),
			nla(av(kNL802154_ATTR, "NL802154_ATTR_IFNAME"), str("wpan1")),
			nla(av(kNL802154_ATTR, "NL802154_ATTR_WPAN_DEV"), gu64(1<<32|1)),
			nla(av(kNL802154_ATTR, "NL802154_ATTR_IFTYPE"), u32(0)),
			nla(av(kNL802154_ATTR, "NL802154_ATTR_PAN_ID"), u16(0xffff)),
			nla(av(kNL802154_ATTR, "NL802154_ATTR_EXTENDED_ADDR"), binary.LittleEndian.AppendUint64(nil, 0x0022334455667788)),
			nla(av(kNL802154_ATTR, "NL802154_ATTR_WPAN_PHY_CAPS")|nlaFNested,
				nla(av(kNL802154_CAP_ATTR, "NL802154_CAP_ATTR_MAX_FRAME_RETRIES"), []byte{7}))},
			"NL802154_CMD_NEW_INTERFACE", MsgNew, []check{
				c("5", "NL802154_ATTR_IFINDEX"), c(`"wpan1"`, "NL802154_ATTR_IFNAME"), c("0x100000001", "NL802154_ATTR_WPAN_DEV"), c("NL802154_IFTYPE_NODE", "NL802154_ATTR_IFTYPE"),
				c("0xffff", "NL802154_ATTR_PAN_ID"), c("0x0022334455667788", "NL802154_ATTR_EXTENDED_ADDR"),
				c("7", "NL802154_ATTR_WPAN_PHY_CAPS", "NL802154_CAP_ATTR_MAX_FRAME_RETRIES")}},
		// nl802154_send_wpan_phy: the lists are nests without NLA_F_NESTED.
		{"nl802154", cv(kNL802154_CMD, "NL802154_CMD_NEW_WPAN_PHY"), 0, [][]byte{
			nla(av(kNL802154_ATTR, "NL802154_ATTR_WPAN_PHY_NAME"), str("wpan-phy0")),
			nla(av(kNL802154_ATTR, "NL802154_ATTR_CHANNELS_SUPPORTED"),
				nla(av(kNL802154_ATTR, "NL802154_ATTR_SUPPORTED_CHANNEL"), u32(0x7fff800))),
			nla(av(kNL802154_ATTR, "NL802154_ATTR_SUPPORTED_COMMANDS"),
				nla(1, u32(uint32(av(kNL802154_CMD, "NL802154_CMD_NEW_INTERFACE"))))),
			nla(av(kNL802154_ATTR, "NL802154_ATTR_WPAN_PHY_CAPS"),
				nla(av(kNL802154_CAP_ATTR, "NL802154_CAP_ATTR_CHANNELS"), nla(0, nla(11), nla(26))),
				nla(av(kNL802154_CAP_ATTR, "NL802154_CAP_ATTR_TX_POWERS"), nla(0, u32(500)), nla(1, u32(0xfffffe0c))),
				nla(av(kNL802154_CAP_ATTR, "NL802154_CAP_ATTR_CCA_MODES"), nla(1), nla(3)),
				nla(av(kNL802154_CAP_ATTR, "NL802154_CAP_ATTR_IFTYPES"), nla(0), nla(1)),
				nla(av(kNL802154_CAP_ATTR, "NL802154_CAP_ATTR_LBT"), u32(0)))},
			"NL802154_CMD_NEW_WPAN_PHY", MsgNew, []check{
				c(`"wpan-phy0"`, "NL802154_ATTR_WPAN_PHY_NAME"),
				c("11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26", "NL802154_ATTR_CHANNELS_SUPPORTED", "NL802154_ATTR_SUPPORTED_CHANNEL"),
				c("NL802154_CMD_NEW_INTERFACE", "NL802154_ATTR_SUPPORTED_COMMANDS", "[1]"),
				c("", "NL802154_ATTR_WPAN_PHY_CAPS", "NL802154_CAP_ATTR_CHANNELS", "[0]", "[26]"),
				c("-500", "NL802154_ATTR_WPAN_PHY_CAPS", "NL802154_CAP_ATTR_TX_POWERS", "[1]"),
				c("", "NL802154_ATTR_WPAN_PHY_CAPS", "NL802154_CAP_ATTR_CCA_MODES", "NL802154_CCA_ENERGY_CARRIER"),
				c("", "NL802154_ATTR_WPAN_PHY_CAPS", "NL802154_CAP_ATTR_IFTYPES", "NL802154_IFTYPE_MONITOR")}},
		{"MAC80211_HWSIM", cv(kHWSIM_CMD, "HWSIM_CMD_FRAME"), eventPID, [][]byte{
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_ADDR_TRANSMITTER"), []byte{2, 0, 0, 0, 0, 0}),
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_FRAME"), []byte{0x80, 0}),
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_FLAGS"), u32(1)),
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_SIGNAL"), u32(0xffffffd0)),
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_COOKIE"), gu64(9)),
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_FREQ"), u32(2412)),
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_TX_INFO"), []byte{0, 2, 3, 1, 0xff, 0, 0xff, 0}),
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_TX_INFO_FLAGS"), []byte{0, 0x88, 0, 0xff, 0, 0})},
			"HWSIM_CMD_FRAME", MsgOther, []check{
				c("02:00:00:00:00:00", "HWSIM_ATTR_ADDR_TRANSMITTER"), c("8000", "HWSIM_ATTR_FRAME"),
				c("HWSIM_TX_CTL_REQ_TX_STATUS", "HWSIM_ATTR_FLAGS"), c("-48", "HWSIM_ATTR_SIGNAL"), c("2412", "HWSIM_ATTR_FREQ"),
				c("0:2 3:1 -1:0 -1:0", "HWSIM_ATTR_TX_INFO"),
				c("0:MAC80211_HWSIM_TX_RC_MCS|MAC80211_HWSIM_TX_RC_SHORT_GI -1:0", "HWSIM_ATTR_TX_INFO_FLAGS")}},
		{"MAC80211_HWSIM", cv(kHWSIM_CMD, "HWSIM_CMD_NEW_RADIO"), nlmFRequest | nlmFAck, [][]byte{
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_CHANNELS"), u32(2)),
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_RADIO_NAME"), []byte("phy9")),
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_NO_VIF")),
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_IFTYPE_SUPPORT"), u32(1<<2|1<<3)),
			nla(av(kHWSIM_ATTR, "HWSIM_ATTR_CIPHER_SUPPORT"), u32(0x000fac04))},
			"HWSIM_CMD_NEW_RADIO", MsgNew, []check{c("2", "HWSIM_ATTR_CHANNELS"), c(`"phy9"`, "HWSIM_ATTR_RADIO_NAME"), c("", "HWSIM_ATTR_NO_VIF"),
				c("NL80211_IFTYPE_STATION|NL80211_IFTYPE_AP", "HWSIM_ATTR_IFTYPE_SUPPORT"), c("00-0f-ac:4", "HWSIM_ATTR_CIPHER_SUPPORT")}},
		{"MAC802154_HWSIM", cv(kMAC802154_HWSIM_CMD, "MAC802154_HWSIM_CMD_GET_RADIO"), 0, [][]byte{
			nla(av(kMAC802154_HWSIM_ATTR, "MAC802154_HWSIM_ATTR_RADIO_ID"), u32(1)),
			nla(av(kMAC802154_HWSIM_ATTR, "MAC802154_HWSIM_ATTR_RADIO_EDGES")|nlaFNested,
				nla(av(kMAC802154_HWSIM_ATTR, "MAC802154_HWSIM_ATTR_RADIO_EDGE")|nlaFNested,
					nla(av(kMAC802154_HWSIM_EDGE_ATTR, "MAC802154_HWSIM_EDGE_ATTR_ENDPOINT_ID"), u32(0)),
					nla(av(kMAC802154_HWSIM_EDGE_ATTR, "MAC802154_HWSIM_EDGE_ATTR_LQI"), gu8(255))))},
			"MAC802154_HWSIM_CMD_GET_RADIO", MsgGet, []check{
				c("1", "MAC802154_HWSIM_ATTR_RADIO_ID"),
				c("255", "MAC802154_HWSIM_ATTR_RADIO_EDGES", "MAC802154_HWSIM_ATTR_RADIO_EDGE", "MAC802154_HWSIM_EDGE_ATTR_LQI")}},
		// ipc_msg_send: the struct in an attribute of the command's number;
		// one shorter than its struct prints in hex.
		{"SMBD_GENL", cv(kKSMBD_EVENT, "KSMBD_EVENT_LOGIN_REQUEST"), eventPID, [][]byte{
			nla(av(kKSMBD_EVENT, "KSMBD_EVENT_LOGIN_REQUEST"), u32(7), padTo([]byte("alice"), 48), make([]byte, 64))},
			"KSMBD_EVENT_LOGIN_REQUEST", MsgOther, []check{c(`handle=7 account="alice"`, "KSMBD_EVENT_LOGIN_REQUEST")}},
		{"SMBD_GENL", cv(kKSMBD_EVENT, "KSMBD_EVENT_TREE_CONNECT_REQUEST"), eventPID, [][]byte{
			nla(av(kKSMBD_EVENT, "KSMBD_EVENT_TREE_CONNECT_REQUEST"), u32(8), u16(0), u16(1), gu64(0x10), gu64(2),
				padTo([]byte("alice"), 48), padTo([]byte("share"), 64), padTo([]byte("192.0.2.5"), 64), make([]byte, 64))},
			"KSMBD_EVENT_TREE_CONNECT_REQUEST", MsgOther, []check{c(`handle=8 account_flags=0 flags=1 session_id=16 connect_id=2 account="alice" share="share" peer_addr="192.0.2.5"`,
				"KSMBD_EVENT_TREE_CONNECT_REQUEST")}},
		{"SMBD_GENL", cv(kKSMBD_EVENT, "KSMBD_EVENT_SHARE_CONFIG_RESPONSE"), nlmFRequest, [][]byte{
			nla(av(kKSMBD_EVENT, "KSMBD_EVENT_SHARE_CONFIG_RESPONSE"), u32(3), u32(0x5), u16(0o744), u16(0o755), make([]byte, 8),
				padTo([]byte("share"), 64), make([]byte, 444), u32(16), u32(3), []byte("a,b\x00/srv/share\x00"))},
			"KSMBD_EVENT_SHARE_CONFIG_RESPONSE", MsgOther, []check{c(`handle=3 flags=KSMBD_SHARE_FLAG_AVAILABLE|KSMBD_SHARE_FLAG_WRITEABLE `+
				`create_mask=484 directory_mask=493 share_name="share" payload_sz=16 veto_list_sz=3 veto_list="a,b" path="/srv/share"`,
				"KSMBD_EVENT_SHARE_CONFIG_RESPONSE")}},
		{"SMBD_GENL", cv(kKSMBD_EVENT, "KSMBD_EVENT_STARTING_UP"), nlmFRequest, [][]byte{
			nla(av(kKSMBD_EVENT, "KSMBD_EVENT_STARTING_UP"), u32(1), make([]byte, 36), padTo([]byte("HOST"), 16), make([]byte, 128),
				u16(445), make([]byte, 554), u32(10), []byte("eth0\x00eth1\x00"))},
			"KSMBD_EVENT_STARTING_UP", MsgOther, []check{c(`flags=KSMBD_GLOBAL_FLAG_SMB2_LEASES netbios_name="HOST" tcp_port=445 ifc_list_sz=10 ifc_list="eth0","eth1"`,
				"KSMBD_EVENT_STARTING_UP")}},
		{"SMBD_GENL", cv(kKSMBD_EVENT, "KSMBD_EVENT_LOGIN_RESPONSE"), nlmFRequest, [][]byte{
			nla(av(kKSMBD_EVENT, "KSMBD_EVENT_LOGIN_RESPONSE"), make([]byte, 148))},
			"KSMBD_EVENT_LOGIN_RESPONSE", MsgOther, []check{c("<redacted 148 bytes>", "KSMBD_EVENT_LOGIN_RESPONSE")}},
		{"SMBD_GENL", cv(kKSMBD_EVENT, "KSMBD_EVENT_HEARTBEAT_REQUEST"), eventPID, [][]byte{
			nla(av(kKSMBD_EVENT, "KSMBD_EVENT_LOGOUT_REQUEST"), []byte{1, 0, 0, 0})},
			"KSMBD_EVENT_HEARTBEAT_REQUEST", MsgOther, []check{c("01000000", "KSMBD_EVENT_LOGOUT_REQUEST")}},
		{"pmcraid", cv(kPMCRAID_AEN_CMD, "PMCRAID_AEN_CMD_EVENT"), eventPID, [][]byte{
			nla(av(kPMCRAID_AEN_ATTR, "PMCRAID_AEN_ATTR_EVENT"), u32(2<<16|1), u32(4), make([]byte, 8), u32(0x11000001))},
			"PMCRAID_AEN_CMD_EVENT", MsgOther, []check{c("host=2 minor=1 length=4 data=01000011", "PMCRAID_AEN_ATTR_EVENT")}},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		seen[tt.family] = true
		t.Run(tt.family+"/"+tt.cmdName, func(t *testing.T) {
			m := genlDecode(t, tt.family, tt.cmd, tt.flags, tt.attrs...)
			if m.Genl.CmdName != tt.cmdName {
				t.Errorf("command %q, want %q", m.Genl.CmdName, tt.cmdName)
			}
			if k := genlFamilySpecs[tt.family].CmdKinds[tt.cmd]; k != tt.kind {
				t.Errorf("kind of %s %d, want %d", tt.cmdName, k, tt.kind)
			}
			for _, ck := range tt.checks {
				want(t, m, ck.value, ck.path...)
			}
			var unnamed []string
			var walk func([]Attr)
			walk = func(as []Attr) {
				for _, a := range as {
					if a.Name == "" || strings.HasPrefix(a.Name, "attr") || a.Problem != "" {
						unnamed = append(unnamed, a.Name+" "+a.Problem)
					}
					walk(a.Children)
				}
			}
			walk(m.Attrs)
			if len(unnamed) > 0 {
				t.Errorf("attributes unnamed or with problems: %q", unnamed)
			}
		})
	}
	for _, f := range []string{"IPVS", "nfc", "TIPCv2", "ila", "DLM", "nbd", "vdpa", "SMC_GEN_NETLINK", "SMC_PNETID", "NCSI",
		"TCM-USER", "cifs", "802.15.4 MAC", "nl802154", "MAC80211_HWSIM", "MAC802154_HWSIM", "SMBD_GENL", "pmcraid"} {
		if !seen[f] {
			t.Errorf("no message of %s", f)
		}
	}
}

// TestTIPCCompat: the compat TIPC family's own header names the
// TIPC_CMD_* it carries (a request without TLVs: TIPC_CMD_GET_BEARER_NAMES,
// "tx none").
func TestTIPCCompat(t *testing.T) {
	d := NewDecoder(nil)
	d.Decode(rec(nlcap.FamilyGeneric, ctrlNewFamily(0x20, "TIPC")), 0)
	ms := d.Decode(rec(nlcap.FamilyGeneric, nlmsg(0x20, nlmFRequest, 7, 0, []byte{1, 1, 0, 0},
		u32(0x1001001), u16(uint16(mustValue(genTIPC_CMD, "TIPC_CMD_GET_BEARER_NAMES"))), u16(0))), 1)
	if len(ms) != 1 {
		t.Fatalf("%d messages", len(ms))
	}
	m := &ms[0]
	if m.Genl.CmdName != "TIPC_GENL_CMD" {
		t.Errorf("command %q", m.Genl.CmdName)
	}
	i := slices.IndexFunc(m.Fixed, func(f Field) bool { return f.Name == "cmd" && f.Value == "TIPC_CMD_GET_BEARER_NAMES" })
	if i < 0 || m.Problem != "" || m.Trailing != nil {
		t.Errorf("fixed %+v, problem %q, trailing %x", m.Fixed, m.Problem, m.Trailing)
	}
}

// TestWordKinds: the verb may stand anywhere in a command's name; what the
// kernel sends (_CONF, _INDIC, _DONE) is no request kind.
func TestWordKinds(t *testing.T) {
	for name, want := range map[string]MsgKind{
		"IPVS_CMD_NEW_SERVICE": MsgNew, "IPVS_CMD_GET_INFO": MsgGet, "IPVS_CMD_FLUSH": MsgDel, "IPVS_CMD_ZERO": MsgOther,
		"TIPC_NL_BEARER_DISABLE": MsgDel, "IEEE802154_LLSEC_SETPARAMS": MsgNew, "IEEE802154_GET_REQ": MsgGet,
		"IEEE802154_GET_CONF": MsgOther, "IEEE802154_ASSOCIATE_INDIC": MsgOther, "TCMU_CMD_ADDED_DEVICE_DONE": MsgOther,
	} {
		if k, _ := wordKind(name); k != want {
			t.Errorf("%s: kind %d, want %d", name, k, want)
		}
	}
}

// TestGenlMoreFormats: values of the wrong size print in hex.
func TestGenlMoreFormats(t *testing.T) {
	for _, tt := range []struct {
		name string
		f    func([]byte, binary.ByteOrder) string
		in   []byte
		want string
	}{
		{"inet addr: short", formatInetAddr4, []byte{192, 0, 2, 1}, "c0000201"},
		{"inet addr: bytes past the IPv4 address", formatInetAddr4, append([]byte{192, 0, 2, 1}, make([]byte, 11)...), "c0000201" + strings.Repeat("00", 11)},
		{"tx info: odd", formatHwsimTxInfo, []byte{1, 2, 3}, "010203"},
		{"tx info flags: not a multiple of 3", formatHwsimTxFlags, []byte{1, 2}, "0102"},
		{"hex u16: short", formatHex16, []byte{1}, "01"},
		{"le64: short", formatLE64Hex, []byte{1}, "01"},
		{"ila locator: short", formatAddr64, []byte{1}, "01"},
		// __le16 and __le64 read little-endian whatever the capture's order.
		{"le16 on a big-endian capture", func(b []byte, _ binary.ByteOrder) string { return formatLE16Hex(b, binary.BigEndian) }, []byte{0xcd, 0xab}, "0xabcd"},
		{"le64 on a big-endian capture", func(b []byte, _ binary.ByteOrder) string { return formatLE64Hex(b, binary.BigEndian) }, []byte{1, 0, 0, 0, 0, 0, 0, 0}, "0x0000000000000001"},
		{"pmcraid AEN: short", formatPmcraidAEN, []byte{1, 2}, "0102"},
		{"ksmbd startup: short", formatKsmbdStartup, []byte{1, 2}, "0102"},
		{"ksmbd share config: veto list past the payload", formatKsmbdShareConfig,
			append(append(append(make([]byte, 528), u32(2)...), u32(9)...), 'a', 'b'), "payload_sz=2 veto_list_sz=9 payload=6162"},
		// A size past any int32 must not go negative on 32-bit platforms.
		{"ksmbd share config: veto list size past int32", formatKsmbdShareConfig,
			append(append(append(make([]byte, 528), u32(2)...), u32(0x80000000)...), 'a', 'b'), "payload_sz=2 veto_list_sz=2147483648 payload=6162"},
		// The veto list is NUL-separated names, each shown; veto_list_sz counts
		// them without the NUL before the path (KSMBD_SHARE_CONFIG_PATH).
		{"ksmbd share config: two veto names", formatKsmbdShareConfig,
			append(append(append(make([]byte, 528), u32(10)...), u32(3)...), []byte("a\x00b\x00/srv\x00")...),
			`payload_sz=10 veto_list_sz=3 veto_list="a","b" path="/srv"`},
	} {
		if got := tt.f(tt.in, le); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	// A service address whose family is not IPv4 or IPv6 (or not given)
	// stays bytes.
	// The family is read from the bytes (either order), not the printed
	// value, which -n prints as a number.
	if s := ipvsSvcAddr([]Attr{{Type: uint16(ipvsSvcAttrAF), Value: "AF_UNIX", Data: []byte{1, 0}}}); s != nil {
		t.Errorf("AF_UNIX: spec %+v", s)
	}
	if s := ipvsSvcAddr(nil); s != nil {
		t.Errorf("no family: spec %+v", s)
	}
	if s := ipvsSvcNetmask([]Attr{{Type: uint16(ipvsSvcAttrAF), Value: "AF_UNIX", Data: []byte{1, 0}}}); s != nil {
		t.Errorf("netmask of AF_UNIX: spec %+v", s)
	}
	for _, af := range []struct {
		data []byte
		kind ValueKind
	}{{[]byte{2, 0}, KindAddr}, {[]byte{0, 2}, KindAddr}, {[]byte{10, 0}, KindU32}, {[]byte{0, 10}, KindU32}} {
		if s := ipvsSvcNetmask([]Attr{{Type: uint16(ipvsSvcAttrAF), Value: "2", Data: af.data}}); s == nil || s.Kind != af.kind {
			t.Errorf("netmask of family bytes %x: spec %+v, want kind %v", af.data, s, af.kind)
		}
	}
}
