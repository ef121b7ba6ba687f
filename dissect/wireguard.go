package dissect

import (
	"encoding/base64"
	"encoding/binary"
)

// The WireGuard generic netlink family ("wireguard",
// include/uapi/linux/wireguard.h): the overlay over the generated names.
//
//	WGDEVICE_A_IFINDEX: NLA_U32
//	WGDEVICE_A_IFNAME: NLA_NUL_STRING, maxlen IFNAMSIZ - 1
//	WGDEVICE_A_PRIVATE_KEY: NLA_EXACT_LEN, len WG_KEY_LEN
//	WGDEVICE_A_PUBLIC_KEY: NLA_EXACT_LEN, len WG_KEY_LEN
//	WGDEVICE_A_FLAGS: NLA_U32
//	WGDEVICE_A_LISTEN_PORT: NLA_U16
//	WGDEVICE_A_FWMARK: NLA_U32
//	WGDEVICE_A_PEERS: NLA_NESTED
//	    0: NLA_NESTED
//	        WGPEER_A_PUBLIC_KEY ... WGPEER_A_PROTOCOL_VERSION
//	    ...
//
// Keys print in base64 as wg(8) shows them, endpoints (struct sockaddr_in
// or sockaddr_in6) as address:port, the last handshake (struct
// __kernel_timespec) as a UTC time or "never".
var (
	wgAllowedIPAttrs = genSet("WGALLOWEDIP_A", genWGALLOWEDIP_A,
		&AttrSpec{Name: "WGALLOWEDIP_A_FAMILY", Kind: KindU16, Enum: rtnlAFNames},
		&AttrSpec{Name: "WGALLOWEDIP_A_IPADDR", Kind: KindAddr},
		&AttrSpec{Name: "WGALLOWEDIP_A_CIDR_MASK", Kind: KindU8},
	)
	wgPeerAttrs = genSet("WGPEER_A", genWGPEER_A,
		&AttrSpec{Name: "WGPEER_A_PUBLIC_KEY", Kind: KindCustom, Format: formatWGKey},
		&AttrSpec{Name: "WGPEER_A_PRESHARED_KEY", Kind: KindCustom, Format: formatWGKey, Tags: TagSecret},
		&AttrSpec{Name: "WGPEER_A_FLAGS", Kind: KindU32, Flags: genWGPEER_F.names()},
		&AttrSpec{Name: "WGPEER_A_ENDPOINT", Kind: KindCustom, Format: formatSockaddr},
		&AttrSpec{Name: "WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL", Kind: KindU16},
		&AttrSpec{Name: "WGPEER_A_LAST_HANDSHAKE_TIME", Kind: KindCustom, Format: formatTimespec, Tags: TagVolatile},
		&AttrSpec{Name: "WGPEER_A_RX_BYTES", Kind: KindU64, Tags: TagVolatile},
		&AttrSpec{Name: "WGPEER_A_TX_BYTES", Kind: KindU64, Tags: TagVolatile},
		&AttrSpec{Name: "WGPEER_A_ALLOWEDIPS", Kind: KindNestedArray, Nested: wgAllowedIPAttrs},
		&AttrSpec{Name: "WGPEER_A_PROTOCOL_VERSION", Kind: KindU32},
	)
	wgDeviceAttrs = genSet("WGDEVICE_A", genWGDEVICE_A,
		&AttrSpec{Name: "WGDEVICE_A_IFINDEX", Kind: KindU32, Tags: TagIfindex},
		&AttrSpec{Name: "WGDEVICE_A_IFNAME", Kind: KindString},
		&AttrSpec{Name: "WGDEVICE_A_PRIVATE_KEY", Kind: KindCustom, Format: formatWGKey, Tags: TagSecret},
		&AttrSpec{Name: "WGDEVICE_A_PUBLIC_KEY", Kind: KindCustom, Format: formatWGKey},
		&AttrSpec{Name: "WGDEVICE_A_FLAGS", Kind: KindU32, Flags: genWGDEVICE_F.names()},
		&AttrSpec{Name: "WGDEVICE_A_LISTEN_PORT", Kind: KindU16},
		&AttrSpec{Name: "WGDEVICE_A_FWMARK", Kind: KindU32},
		&AttrSpec{Name: "WGDEVICE_A_PEERS", Kind: KindNestedArray, Nested: wgPeerAttrs},
	)
)

func init() {
	registerGenlFamily(&GenlFamilySpec{
		Name:     "wireguard",
		Commands: genWG_CMD.cmdNames(),
		CmdKinds: map[uint8]MsgKind{WG_CMD_GET_DEVICE: MsgGet, WG_CMD_SET_DEVICE: MsgNew},
		Attrs:    wgDeviceAttrs,
	})
}

// formatWGKey prints a WireGuard key (WG_KEY_LEN = 32 bytes) in base64, as
// wg(8) does; other lengths print in hex.
func formatWGKey(b []byte, _ binary.ByteOrder) string {
	if len(b) != 32 {
		return hexString(b)
	}
	return base64.StdEncoding.EncodeToString(b)
}
