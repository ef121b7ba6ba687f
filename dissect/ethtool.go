package dissect

import (
	"encoding/binary"
	"strings"
)

// The ethtool generic netlink family ("ethtool",
// include/uapi/linux/ethtool_netlink.h). Its commands are numbered apart
// for each direction (ETHTOOL_MSG_USER_* asks, ETHTOOL_MSG_KERNEL_* answers
// and notifies), and each message has its own attribute set, whose
// attribute 1 is the request or reply header:
//
//	enum {
//		ETHTOOL_A_HEADER_UNSPEC,
//		ETHTOOL_A_HEADER_DEV_INDEX,		/* u32 */
//		ETHTOOL_A_HEADER_DEV_NAME,		/* string */
//		ETHTOOL_A_HEADER_FLAGS,			/* u32 - ETHTOOL_FLAG_* */
//		...
//	};
//
// Bit sets (Documentation/networking/ethtool-netlink.rst, "Bit sets") come
// compact (ETHTOOL_A_BITSET_VALUE and _MASK: arrays of u32 words, host
// order) or verbose (ETHTOOL_A_BITSET_BITS: one nest per bit with its index,
// name and value); the compact ones print their set bits, by name where the
// UAPI headers name them (link modes), by index otherwise (the names of
// features, message levels and the like live in the kernel, and come in a
// verbose bit set or a string set reply).
//
// The attribute types are those of the headers' comments (quoted at each
// set).
var (
	ethtoolHeaderAttrs = genSet("ETHTOOL_A_HEADER", genETHTOOL_A_HEADER,
		&AttrSpec{Name: "ETHTOOL_A_HEADER_DEV_INDEX", Kind: KindU32, Tags: TagIfindex},
		&AttrSpec{Name: "ETHTOOL_A_HEADER_DEV_NAME", Kind: KindString},
		&AttrSpec{Name: "ETHTOOL_A_HEADER_FLAGS", Kind: KindU32, Flags: genETHTOOL_FLAG.names()},
	)

	// ETHTOOL_A_BITSET_BIT_INDEX: u32, _NAME: string, _VALUE: flag.
	ethtoolBitAttrs = genSet("ETHTOOL_A_BITSET_BIT", genETHTOOL_A_BITSET_BIT, join(
		specs(KindU32, 0, "ETHTOOL_A_BITSET_BIT_INDEX"),
		specs(KindString, 0, "ETHTOOL_A_BITSET_BIT_NAME"),
		specs(KindFlag, 0, "ETHTOOL_A_BITSET_BIT_VALUE"))...)
	// ETHTOOL_A_BITSET_BITS_BIT: nest - _A_BITSET_BIT_*.
	ethtoolBitsAttrs = genSet("ETHTOOL_A_BITSET_BITS", genETHTOOL_A_BITSET_BITS,
		&AttrSpec{Name: "ETHTOOL_A_BITSET_BITS_BIT", Kind: KindNested, Nested: ethtoolBitAttrs})

	// ETHTOOL_LINK_MODE_10baseT_Half_BIT... (include/uapi/linux/ethtool.h,
	// enum ethtool_link_mode_bit_indices) less prefix and suffix.
	ethtoolLinkModeNames = enumNames(genETHTOOL_LINK_MODE, "ETHTOOL_LINK_MODE_", "_BIT")
	ethtoolBitset        = ethtoolBitsetAttrs(nil)
	ethtoolLinkModes     = ethtoolBitsetAttrs(ethtoolLinkModeNames)

	// String sets: ETHTOOL_A_STRING_INDEX u32, _VALUE string;
	// ETHTOOL_A_STRINGS_STRING nest; ETHTOOL_A_STRINGSET_ID u32 (enum
	// ethtool_stringset), _COUNT u32, _STRINGS nest;
	// ETHTOOL_A_STRINGSETS_STRINGSET nest.
	ethtoolStringAttrs = genSet("ETHTOOL_A_STRING", genETHTOOL_A_STRING, join(
		specs(KindU32, 0, "ETHTOOL_A_STRING_INDEX"),
		specs(KindString, 0, "ETHTOOL_A_STRING_VALUE"))...)
	ethtoolStringsAttrs = genSet("ETHTOOL_A_STRINGS", genETHTOOL_A_STRINGS,
		&AttrSpec{Name: "ETHTOOL_A_STRINGS_STRING", Kind: KindNested, Nested: ethtoolStringAttrs})
	ethtoolStringsetAttrs = genSet("ETHTOOL_A_STRINGSET", genETHTOOL_A_STRINGSET,
		&AttrSpec{Name: "ETHTOOL_A_STRINGSET_ID", Kind: KindU32, Enum: genETH_SS.names()},
		&AttrSpec{Name: "ETHTOOL_A_STRINGSET_COUNT", Kind: KindU32},
		&AttrSpec{Name: "ETHTOOL_A_STRINGSET_STRINGS", Kind: KindNested, Nested: ethtoolStringsAttrs})
	ethtoolStringsetsAttrs = genSet("ETHTOOL_A_STRINGSETS", genETHTOOL_A_STRINGSETS,
		&AttrSpec{Name: "ETHTOOL_A_STRINGSETS_STRINGSET", Kind: KindNested, Nested: ethtoolStringsetAttrs})
)

// ethtoolBitsetAttrs returns the set of a bit set attribute whose bits are
// named by names (nil: numbered):
//
//	ETHTOOL_A_BITSET_NOMASK,		/* flag */
//	ETHTOOL_A_BITSET_SIZE,			/* u32 */
//	ETHTOOL_A_BITSET_BITS,			/* nest - _A_BITSET_BITS_* */
//	ETHTOOL_A_BITSET_VALUE,			/* binary */
//	ETHTOOL_A_BITSET_MASK,			/* binary */
func ethtoolBitsetAttrs(names map[uint64]string) *AttrSet {
	bitmap := func(b []byte, order binary.ByteOrder) string { return formatBitmap(b, order, names) }
	return genSet("ETHTOOL_A_BITSET", genETHTOOL_A_BITSET,
		&AttrSpec{Name: "ETHTOOL_A_BITSET_NOMASK", Kind: KindFlag},
		&AttrSpec{Name: "ETHTOOL_A_BITSET_SIZE", Kind: KindU32},
		&AttrSpec{Name: "ETHTOOL_A_BITSET_BITS", Kind: KindNested, Nested: ethtoolBitsAttrs},
		&AttrSpec{Name: "ETHTOOL_A_BITSET_VALUE", Kind: KindCustom, Format: bitmap},
		&AttrSpec{Name: "ETHTOOL_A_BITSET_MASK", Kind: KindCustom, Format: bitmap},
	)
}

// ethtoolSet builds the attribute set of one message: its _HEADER (type 1)
// is the request header, each name in bitsets a bit set with numbered bits.
func ethtoolSet(name string, g uapiGroup, bitsets []string, s ...*AttrSpec) *AttrSet {
	all := join(one(&AttrSpec{Name: name + "_HEADER", Kind: KindNested, Nested: ethtoolHeaderAttrs}), s)
	for _, b := range bitsets {
		all = append(all, &AttrSpec{Name: b, Kind: KindNested, Nested: ethtoolBitset})
	}
	return genSet(name, g, all...)
}

// ethtoolU64Array prints "array, u64" (ETHTOOL_A_FEC_STAT_*: per lane).
func ethtoolU64Array(b []byte, order binary.ByteOrder) string { return formatArray(b, order, 8, false) }

var (
	ethtoolStrset = ethtoolSet("ETHTOOL_A_STRSET", genETHTOOL_A_STRSET, nil,
		&AttrSpec{Name: "ETHTOOL_A_STRSET_STRINGSETS", Kind: KindNested, Nested: ethtoolStringsetsAttrs},
		&AttrSpec{Name: "ETHTOOL_A_STRSET_COUNTS_ONLY", Kind: KindFlag})
	ethtoolLinkinfo = ethtoolSet("ETHTOOL_A_LINKINFO", genETHTOOL_A_LINKINFO, nil,
		&AttrSpec{Name: "ETHTOOL_A_LINKINFO_PORT", Kind: KindU8, Enum: genETHTOOL_PORT.names()},
		&AttrSpec{Name: "ETHTOOL_A_LINKINFO_PHYADDR", Kind: KindU8},
		&AttrSpec{Name: "ETHTOOL_A_LINKINFO_TP_MDIX", Kind: KindU8, Enum: genETHTOOL_MDI.names()},
		&AttrSpec{Name: "ETHTOOL_A_LINKINFO_TP_MDIX_CTRL", Kind: KindU8, Enum: genETHTOOL_MDI.names()},
		&AttrSpec{Name: "ETHTOOL_A_LINKINFO_TRANSCEIVER", Kind: KindU8, Enum: genETHTOOL_XCVR.names()})
	ethtoolLinkmodes = ethtoolSet("ETHTOOL_A_LINKMODES", genETHTOOL_A_LINKMODES, nil,
		&AttrSpec{Name: "ETHTOOL_A_LINKMODES_AUTONEG", Kind: KindU8, Enum: genETHTOOL_AUTONEG.names()},
		&AttrSpec{Name: "ETHTOOL_A_LINKMODES_OURS", Kind: KindNested, Nested: ethtoolLinkModes},
		&AttrSpec{Name: "ETHTOOL_A_LINKMODES_PEER", Kind: KindNested, Nested: ethtoolLinkModes},
		&AttrSpec{Name: "ETHTOOL_A_LINKMODES_SPEED", Kind: KindU32, Enum: map[uint64]string{0xffffffff: "SPEED_UNKNOWN"}},
		&AttrSpec{Name: "ETHTOOL_A_LINKMODES_DUPLEX", Kind: KindU8, Enum: genETHTOOL_DUPLEX.names()},
		&AttrSpec{Name: "ETHTOOL_A_LINKMODES_MASTER_SLAVE_CFG", Kind: KindU8, Enum: genETHTOOL_MASTER_SLAVE_CFG.names()},
		&AttrSpec{Name: "ETHTOOL_A_LINKMODES_MASTER_SLAVE_STATE", Kind: KindU8, Enum: genETHTOOL_MASTER_SLAVE_STATE.names()},
		&AttrSpec{Name: "ETHTOOL_A_LINKMODES_LANES", Kind: KindU32},
		&AttrSpec{Name: "ETHTOOL_A_LINKMODES_RATE_MATCHING", Kind: KindU8, Enum: genETHTOOL_RATE_MATCH.names()})
	ethtoolLinkstate = ethtoolSet("ETHTOOL_A_LINKSTATE", genETHTOOL_A_LINKSTATE, nil, join(
		specs(KindU8, 0, "ETHTOOL_A_LINKSTATE_LINK", "ETHTOOL_A_LINKSTATE_EXT_SUBSTATE"),
		specs(KindU32, 0, "ETHTOOL_A_LINKSTATE_SQI", "ETHTOOL_A_LINKSTATE_SQI_MAX"),
		one(&AttrSpec{Name: "ETHTOOL_A_LINKSTATE_EXT_STATE", Kind: KindU8, Enum: genETHTOOL_LINK_EXT_STATE.names()}))...)
	ethtoolDebug = ethtoolSet("ETHTOOL_A_DEBUG", genETHTOOL_A_DEBUG, nil, ethtoolNamedBitsets("ETH_SS_MSG_CLASSES", "ETHTOOL_A_DEBUG_MSGMASK")...)
	// ETHTOOL_A_WOL_MODES: bit i is WAKE_* = 1 << i (ethtool.h), as
	// ETH_SS_WOL_MODES lists them.
	ethtoolWol = ethtoolSet("ETHTOOL_A_WOL", genETHTOOL_A_WOL, nil,
		&AttrSpec{Name: "ETHTOOL_A_WOL_MODES", Kind: KindNested, Nested: ethtoolBitsetAttrs(bitIndexNames(genETHTOOL_WAKE))},
		&AttrSpec{Name: "ETHTOOL_A_WOL_SOPASS", Kind: KindBinary, Tags: TagSecret})
	ethtoolFeatures = ethtoolSet("ETHTOOL_A_FEATURES", genETHTOOL_A_FEATURES, nil,
		ethtoolNamedBitsets("ETH_SS_FEATURES", "ETHTOOL_A_FEATURES_HW", "ETHTOOL_A_FEATURES_WANTED", "ETHTOOL_A_FEATURES_ACTIVE", "ETHTOOL_A_FEATURES_NOCHANGE")...)
	// ETHTOOL_A_PRIVFLAGS_FLAGS: bit i is the device's ETH_SS_PRIV_FLAGS
	// string i.
	ethtoolPrivflag = ethtoolSet("ETHTOOL_A_PRIVFLAGS", genETHTOOL_A_PRIVFLAGS, nil,
		ethtoolNamedBitsets("ETH_SS_PRIV_FLAGS", "ETHTOOL_A_PRIVFLAGS_FLAGS")...)
	ethtoolRings = ethtoolSet("ETHTOOL_A_RINGS", genETHTOOL_A_RINGS, nil, join(
		specs(KindU32, 0, "ETHTOOL_A_RINGS_RX_MAX", "ETHTOOL_A_RINGS_RX_MINI_MAX", "ETHTOOL_A_RINGS_RX_JUMBO_MAX", "ETHTOOL_A_RINGS_TX_MAX",
			"ETHTOOL_A_RINGS_RX", "ETHTOOL_A_RINGS_RX_MINI", "ETHTOOL_A_RINGS_RX_JUMBO", "ETHTOOL_A_RINGS_TX", "ETHTOOL_A_RINGS_RX_BUF_LEN", "ETHTOOL_A_RINGS_CQE_SIZE"),
		specs(KindU8, 0, "ETHTOOL_A_RINGS_TX_PUSH"),
		one(newer(14, "6.2", &AttrSpec{Name: "ETHTOOL_A_RINGS_RX_PUSH", Kind: KindU8})),
		one(&AttrSpec{Name: "ETHTOOL_A_RINGS_TCP_DATA_SPLIT", Kind: KindU8, Enum: genETHTOOL_TCP_DATA_SPLIT.names()}))...)
	ethtoolChannels = ethtoolSet("ETHTOOL_A_CHANNELS", genETHTOOL_A_CHANNELS, nil,
		specs(KindU32, 0, "ETHTOOL_A_CHANNELS_RX_MAX", "ETHTOOL_A_CHANNELS_TX_MAX", "ETHTOOL_A_CHANNELS_OTHER_MAX", "ETHTOOL_A_CHANNELS_COMBINED_MAX",
			"ETHTOOL_A_CHANNELS_RX_COUNT", "ETHTOOL_A_CHANNELS_TX_COUNT", "ETHTOOL_A_CHANNELS_OTHER_COUNT", "ETHTOOL_A_CHANNELS_COMBINED_COUNT")...)
	ethtoolCoalesce = ethtoolSet("ETHTOOL_A_COALESCE", genETHTOOL_A_COALESCE, nil, ethtoolCoalesceSpecs()...)
	ethtoolPauseSt  = genSet("ETHTOOL_A_PAUSE_STAT", genETHTOOL_A_PAUSE_STAT,
		specs(KindU64, TagVolatile, "ETHTOOL_A_PAUSE_STAT_TX_FRAMES", "ETHTOOL_A_PAUSE_STAT_RX_FRAMES")...)
	ethtoolPause = ethtoolSet("ETHTOOL_A_PAUSE", genETHTOOL_A_PAUSE, nil, join(
		specs(KindU8, 0, "ETHTOOL_A_PAUSE_AUTONEG", "ETHTOOL_A_PAUSE_RX", "ETHTOOL_A_PAUSE_TX"),
		one(&AttrSpec{Name: "ETHTOOL_A_PAUSE_STATS", Kind: KindNested, Nested: ethtoolPauseSt}))...)
	ethtoolEee = ethtoolSet("ETHTOOL_A_EEE", genETHTOOL_A_EEE, nil, join(
		one(&AttrSpec{Name: "ETHTOOL_A_EEE_MODES_OURS", Kind: KindNested, Nested: ethtoolLinkModes},
			&AttrSpec{Name: "ETHTOOL_A_EEE_MODES_PEER", Kind: KindNested, Nested: ethtoolLinkModes}),
		specs(KindU8, 0, "ETHTOOL_A_EEE_ACTIVE", "ETHTOOL_A_EEE_ENABLED", "ETHTOOL_A_EEE_TX_LPI_ENABLED"),
		specs(KindU32, 0, "ETHTOOL_A_EEE_TX_LPI_TIMER"))...)
	ethtoolTsinfo = ethtoolSet("ETHTOOL_A_TSINFO", genETHTOOL_A_TSINFO, nil, join(
		ethtoolNamedBitsets("ETH_SS_SOF_TIMESTAMPING", "ETHTOOL_A_TSINFO_TIMESTAMPING"),
		ethtoolNamedBitsets("ETH_SS_TS_TX_TYPES", "ETHTOOL_A_TSINFO_TX_TYPES"),
		ethtoolNamedBitsets("ETH_SS_TS_RX_FILTERS", "ETHTOOL_A_TSINFO_RX_FILTERS"),
		one(&AttrSpec{Name: "ETHTOOL_A_TSINFO_PHC_INDEX", Kind: KindS32}))...)
	ethtoolPhcVclocks = ethtoolSet("ETHTOOL_A_PHC_VCLOCKS", genETHTOOL_A_PHC_VCLOCKS, nil,
		&AttrSpec{Name: "ETHTOOL_A_PHC_VCLOCKS_NUM", Kind: KindU32},
		&AttrSpec{Name: "ETHTOOL_A_PHC_VCLOCKS_INDEX", Kind: KindCustom, // array, s32
			Format: func(b []byte, o binary.ByteOrder) string { return formatArray(b, o, 4, true) }})
	ethtoolCableTest = ethtoolSet("ETHTOOL_A_CABLE_TEST", genETHTOOL_A_CABLE_TEST, nil)

	ethtoolCableResult = genSet("ETHTOOL_A_CABLE_RESULT", genETHTOOL_A_CABLE_RESULT,
		&AttrSpec{Name: "ETHTOOL_A_CABLE_RESULT_PAIR", Kind: KindU8, Enum: genETHTOOL_CABLE_PAIR.names()},
		&AttrSpec{Name: "ETHTOOL_A_CABLE_RESULT_CODE", Kind: KindU8, Enum: genETHTOOL_CABLE_RESULT_CODE.names()})
	ethtoolCableFault = genSet("ETHTOOL_A_CABLE_FAULT_LENGTH", genETHTOOL_A_CABLE_FAULT_LENGTH,
		&AttrSpec{Name: "ETHTOOL_A_CABLE_FAULT_LENGTH_PAIR", Kind: KindU8, Enum: genETHTOOL_CABLE_PAIR.names()},
		&AttrSpec{Name: "ETHTOOL_A_CABLE_FAULT_LENGTH_CM", Kind: KindU32})
	ethtoolCableNest = genSet("ETHTOOL_A_CABLE_NEST", genETHTOOL_A_CABLE_NEST,
		&AttrSpec{Name: "ETHTOOL_A_CABLE_NEST_RESULT", Kind: KindNested, Nested: ethtoolCableResult},
		&AttrSpec{Name: "ETHTOOL_A_CABLE_NEST_FAULT_LENGTH", Kind: KindNested, Nested: ethtoolCableFault})
	ethtoolCableTestNtf = genSet("ETHTOOL_A_CABLE_TEST_NTF", genETHTOOL_A_CABLE_TEST_NTF,
		&AttrSpec{Name: "ETHTOOL_A_CABLE_TEST_NTF_HEADER", Kind: KindNested, Nested: ethtoolHeaderAttrs},
		&AttrSpec{Name: "ETHTOOL_A_CABLE_TEST_NTF_STATUS", Kind: KindU8, Enum: genETHTOOL_CABLE_TEST_NTF_STATUS.names()},
		&AttrSpec{Name: "ETHTOOL_A_CABLE_TEST_NTF_NEST", Kind: KindNested, Nested: ethtoolCableNest})
	ethtoolTdrCfg = genSet("ETHTOOL_A_CABLE_TEST_TDR_CFG", genETHTOOL_A_CABLE_TEST_TDR_CFG, join(
		specs(KindU32, 0, "ETHTOOL_A_CABLE_TEST_TDR_CFG_FIRST", "ETHTOOL_A_CABLE_TEST_TDR_CFG_LAST", "ETHTOOL_A_CABLE_TEST_TDR_CFG_STEP"),
		one(&AttrSpec{Name: "ETHTOOL_A_CABLE_TEST_TDR_CFG_PAIR", Kind: KindU8, Enum: genETHTOOL_CABLE_PAIR.names()}))...)
	ethtoolCableTestTdr = ethtoolSet("ETHTOOL_A_CABLE_TEST_TDR", genETHTOOL_A_CABLE_TEST_TDR, nil,
		&AttrSpec{Name: "ETHTOOL_A_CABLE_TEST_TDR_CFG", Kind: KindNested, Nested: ethtoolTdrCfg})
	ethtoolTdrNest = genSet("ETHTOOL_A_CABLE_TDR_NEST", genETHTOOL_A_CABLE_TDR_NEST,
		&AttrSpec{Name: "ETHTOOL_A_CABLE_TDR_NEST_STEP", Kind: KindNested, Nested: genSet("ETHTOOL_A_CABLE_STEP", genETHTOOL_A_CABLE_STEP,
			specs(KindU32, 0, "ETHTOOL_A_CABLE_STEP_FIRST_DISTANCE", "ETHTOOL_A_CABLE_STEP_LAST_DISTANCE", "ETHTOOL_A_CABLE_STEP_STEP_DISTANCE")...)},
		&AttrSpec{Name: "ETHTOOL_A_CABLE_TDR_NEST_AMPLITUDE", Kind: KindNested, Nested: genSet("ETHTOOL_A_CABLE_AMPLITUDE", genETHTOOL_A_CABLE_AMPLITUDE,
			&AttrSpec{Name: "ETHTOOL_A_CABLE_AMPLITUDE_PAIR", Kind: KindU8, Enum: genETHTOOL_CABLE_PAIR.names()},
			&AttrSpec{Name: "ETHTOOL_A_CABLE_AMPLITUDE_mV", Kind: KindS16})},
		&AttrSpec{Name: "ETHTOOL_A_CABLE_TDR_NEST_PULSE", Kind: KindNested, Nested: genSet("ETHTOOL_A_CABLE_PULSE", genETHTOOL_A_CABLE_PULSE,
			specs(KindS16, 0, "ETHTOOL_A_CABLE_PULSE_mV")...)})
	ethtoolCableTestTdrNtf = genSet("ETHTOOL_A_CABLE_TEST_TDR_NTF", genETHTOOL_A_CABLE_TEST_TDR_NTF,
		&AttrSpec{Name: "ETHTOOL_A_CABLE_TEST_TDR_NTF_HEADER", Kind: KindNested, Nested: ethtoolHeaderAttrs},
		&AttrSpec{Name: "ETHTOOL_A_CABLE_TEST_TDR_NTF_STATUS", Kind: KindU8, Enum: genETHTOOL_CABLE_TEST_NTF_STATUS.names()},
		&AttrSpec{Name: "ETHTOOL_A_CABLE_TEST_TDR_NTF_NEST", Kind: KindNested, Nested: ethtoolTdrNest})

	ethtoolUDPEntry = genSet("ETHTOOL_A_TUNNEL_UDP_ENTRY", genETHTOOL_A_TUNNEL_UDP_ENTRY,
		&AttrSpec{Name: "ETHTOOL_A_TUNNEL_UDP_ENTRY_PORT", Kind: KindBE16},
		&AttrSpec{Name: "ETHTOOL_A_TUNNEL_UDP_ENTRY_TYPE", Kind: KindU32, Enum: genETHTOOL_UDP_TUNNEL_TYPE.names()})
	ethtoolUDPTable = genSet("ETHTOOL_A_TUNNEL_UDP_TABLE", genETHTOOL_A_TUNNEL_UDP_TABLE,
		&AttrSpec{Name: "ETHTOOL_A_TUNNEL_UDP_TABLE_SIZE", Kind: KindU32},
		&AttrSpec{Name: "ETHTOOL_A_TUNNEL_UDP_TABLE_TYPES", Kind: KindNested, Nested: ethtoolBitsetAttrs(enumNames(genETHTOOL_UDP_TUNNEL_TYPE, "ETHTOOL_UDP_TUNNEL_TYPE_", ""))},
		&AttrSpec{Name: "ETHTOOL_A_TUNNEL_UDP_TABLE_ENTRY", Kind: KindNested, Nested: ethtoolUDPEntry})
	ethtoolTunnelInfo = ethtoolSet("ETHTOOL_A_TUNNEL_INFO", genETHTOOL_A_TUNNEL_INFO, nil,
		&AttrSpec{Name: "ETHTOOL_A_TUNNEL_INFO_UDP_PORTS", Kind: KindNested, Nested: genSet("ETHTOOL_A_TUNNEL_UDP", genETHTOOL_A_TUNNEL_UDP,
			&AttrSpec{Name: "ETHTOOL_A_TUNNEL_UDP_TABLE", Kind: KindNested, Nested: ethtoolUDPTable})})

	ethtoolFec = ethtoolSet("ETHTOOL_A_FEC", genETHTOOL_A_FEC, []string{"ETHTOOL_A_FEC_MODES"},
		&AttrSpec{Name: "ETHTOOL_A_FEC_AUTO", Kind: KindU8},
		&AttrSpec{Name: "ETHTOOL_A_FEC_ACTIVE", Kind: KindU32},
		&AttrSpec{Name: "ETHTOOL_A_FEC_STATS", Kind: KindNested, Nested: genSet("ETHTOOL_A_FEC_STAT", genETHTOOL_A_FEC_STAT,
			&AttrSpec{Name: "ETHTOOL_A_FEC_STAT_CORRECTED", Kind: KindCustom, Format: ethtoolU64Array, Tags: TagVolatile},
			&AttrSpec{Name: "ETHTOOL_A_FEC_STAT_UNCORR", Kind: KindCustom, Format: ethtoolU64Array, Tags: TagVolatile},
			&AttrSpec{Name: "ETHTOOL_A_FEC_STAT_CORR_BITS", Kind: KindCustom, Format: ethtoolU64Array, Tags: TagVolatile})})
	ethtoolModuleEeprom = ethtoolSet("ETHTOOL_A_MODULE_EEPROM", genETHTOOL_A_MODULE_EEPROM, nil, join(
		specs(KindU32, 0, "ETHTOOL_A_MODULE_EEPROM_OFFSET", "ETHTOOL_A_MODULE_EEPROM_LENGTH"),
		specs(KindU8, 0, "ETHTOOL_A_MODULE_EEPROM_PAGE", "ETHTOOL_A_MODULE_EEPROM_BANK", "ETHTOOL_A_MODULE_EEPROM_I2C_ADDRESS"))...)
	ethtoolStats = ethtoolSet("ETHTOOL_A_STATS", genETHTOOL_A_STATS, nil,
		newer(5, "6.10", &AttrSpec{Name: "ETHTOOL_A_STATS_SRC", Kind: KindU32, Enum: map[uint64]string{0: "ETHTOOL_MAC_STATS_SRC_AGGREGATE", 1: "ETHTOOL_MAC_STATS_SRC_EMAC", 2: "ETHTOOL_MAC_STATS_SRC_PMAC"}}),
		&AttrSpec{Name: "ETHTOOL_A_STATS_GROUPS", Kind: KindNested, Nested: ethtoolBitsetAttrs(enumNames(genETHTOOL_STATS, "ETHTOOL_STATS_", ""))},
		&AttrSpec{Name: "ETHTOOL_A_STATS_GRP", Kind: KindNested, Nested: ethtoolStatsGrp})
	ethtoolModule = ethtoolSet("ETHTOOL_A_MODULE", genETHTOOL_A_MODULE, nil,
		&AttrSpec{Name: "ETHTOOL_A_MODULE_POWER_MODE_POLICY", Kind: KindU8, Enum: genETHTOOL_MODULE_POWER_MODE_POLICY.names()},
		&AttrSpec{Name: "ETHTOOL_A_MODULE_POWER_MODE", Kind: KindU8, Enum: genETHTOOL_MODULE_POWER_MODE.names()})
	ethtoolPse = ethtoolSet("ETHTOOL_A_PSE", genETHTOOL_A_PSE, nil,
		specs(KindU32, 0, "ETHTOOL_A_PODL_PSE_ADMIN_STATE", "ETHTOOL_A_PODL_PSE_ADMIN_CONTROL", "ETHTOOL_A_PODL_PSE_PW_D_STATUS")...)
)

// ethtoolStatsGrp is a group of standard statistics:
//
//	ETHTOOL_A_STATS_GRP_ID,			/* u32 */
//	ETHTOOL_A_STATS_GRP_SS_ID,		/* u32 */
//	ETHTOOL_A_STATS_GRP_STAT,		/* nest */
//	ETHTOOL_A_STATS_GRP_HIST_RX,		/* nest */
//	ETHTOOL_A_STATS_GRP_HIST_TX,		/* nest */
//	ETHTOOL_A_STATS_GRP_HIST_BKT_LOW,	/* u32 */
//	ETHTOOL_A_STATS_GRP_HIST_BKT_HI,	/* u32 */
//	ETHTOOL_A_STATS_GRP_HIST_VAL,		/* u64 */
//
// The counters of ETHTOOL_A_STATS_GRP_STAT are u64 of the group's enum
// (ETHTOOL_STATS_ETH_MAC: ETHTOOL_A_STATS_ETH_MAC_*), which the sibling
// ETHTOOL_A_STATS_GRP_ID names.
var ethtoolStatsGrp = func() *AttrSet {
	grpIDs := genETHTOOL_STATS.names()
	byGroup := map[string]*AttrSet{
		"ETHTOOL_STATS_ETH_PHY":  ethtoolCounters("ETHTOOL_A_STATS_ETH_PHY", genETHTOOL_A_STATS_ETH_PHY),
		"ETHTOOL_STATS_ETH_MAC":  ethtoolCounters("ETHTOOL_A_STATS_ETH_MAC", genETHTOOL_A_STATS_ETH_MAC),
		"ETHTOOL_STATS_ETH_CTRL": ethtoolCounters("ETHTOOL_A_STATS_ETH_CTRL", genETHTOOL_A_STATS_ETH_CTRL),
		"ETHTOOL_STATS_RMON":     ethtoolCounters("ETHTOOL_A_STATS_RMON", genETHTOOL_A_STATS_RMON),
	}
	hist := genSet("ETHTOOL_A_STATS_GRP", genETHTOOL_A_STATS_GRP, join(
		specs(KindU32, 0, "ETHTOOL_A_STATS_GRP_HIST_BKT_LOW", "ETHTOOL_A_STATS_GRP_HIST_BKT_HI"),
		specs(KindU64, TagVolatile, "ETHTOOL_A_STATS_GRP_HIST_VAL"))...)
	return genSet("ETHTOOL_A_STATS_GRP", genETHTOOL_A_STATS_GRP, join(
		one(&AttrSpec{Name: "ETHTOOL_A_STATS_GRP_ID", Kind: KindU32, Enum: grpIDs},
			&AttrSpec{Name: "ETHTOOL_A_STATS_GRP_SS_ID", Kind: KindU32, Enum: genETH_SS.names()},
			&AttrSpec{Name: "ETHTOOL_A_STATS_GRP_STAT", Kind: KindNested, Select: func(sib []Attr) *AttrSet {
				for i := range sib {
					if sib[i].Name == "ETHTOOL_A_STATS_GRP_ID" && len(sib[i].Data) == 4 {
						return byGroup[grpIDs[uint64(binary.NativeEndian.Uint32(sib[i].Data))]]
					}
				}
				return nil
			}},
			&AttrSpec{Name: "ETHTOOL_A_STATS_GRP_HIST_RX", Kind: KindNested, Nested: hist},
			&AttrSpec{Name: "ETHTOOL_A_STATS_GRP_HIST_TX", Kind: KindNested, Nested: hist}),
		specs(KindU32, 0, "ETHTOOL_A_STATS_GRP_HIST_BKT_LOW", "ETHTOOL_A_STATS_GRP_HIST_BKT_HI"),
		specs(KindU64, TagVolatile, "ETHTOOL_A_STATS_GRP_HIST_VAL"))...)
}()

// ethtoolCounters types every name of g as a volatile u64 counter.
func ethtoolCounters(name string, g uapiGroup) *AttrSet {
	var names []string
	for _, c := range g {
		names = append(names, c.Name)
	}
	return genSet(name, g, specs(KindU64, TagVolatile, names...)...)
}

// ethtoolCoalesceSpecs types ETHTOOL_A_COALESCE_*: u32 but the u8
// switches (USE_ADAPTIVE_*, USE_CQE_MODE_*).
func ethtoolCoalesceSpecs() []*AttrSpec {
	var out []*AttrSpec
	for _, c := range genETHTOOL_A_COALESCE {
		switch {
		case strings.HasSuffix(c.Name, "_HEADER"), strings.HasSuffix(c.Name, "_UNSPEC"):
		case strings.Contains(c.Name, "_USE_"):
			out = append(out, &AttrSpec{Name: c.Name, Kind: KindU8})
		default:
			out = append(out, &AttrSpec{Name: c.Name, Kind: KindU32})
		}
	}
	return out
}

// ethtoolMsgSets is the attribute set of each message, by the stem of its
// command name (ETHTOOL_MSG_<stem>_GET, _SET, _ACT, _GET_REPLY, _NTF...).
var ethtoolMsgSets = map[string]*AttrSet{
	"STRSET": ethtoolStrset, "LINKINFO": ethtoolLinkinfo, "LINKMODES": ethtoolLinkmodes,
	"LINKSTATE": ethtoolLinkstate, "DEBUG": ethtoolDebug, "WOL": ethtoolWol, "FEATURES": ethtoolFeatures,
	"PRIVFLAGS": ethtoolPrivflag, "RINGS": ethtoolRings, "CHANNELS": ethtoolChannels, "COALESCE": ethtoolCoalesce,
	"PAUSE": ethtoolPause, "EEE": ethtoolEee, "TSINFO": ethtoolTsinfo, "CABLE_TEST": ethtoolCableTest,
	"CABLE_TEST_TDR": ethtoolCableTestTdr, "TUNNEL_INFO": ethtoolTunnelInfo, "FEC": ethtoolFec,
	"MODULE_EEPROM": ethtoolModuleEeprom, "STATS": ethtoolStats, "PHC_VCLOCKS": ethtoolPhcVclocks,
	"MODULE": ethtoolModule, "PSE": ethtoolPse,
	// The cable test notifications have sets of their own.
	"CABLE_TEST_NTF": ethtoolCableTestNtf, "CABLE_TEST_TDR_NTF": ethtoolCableTestTdrNtf,
}

// ethtoolCmdSets maps each command of g to its message's attribute set.
func ethtoolCmdSets(g uapiGroup) map[uint8]*AttrSet {
	m := map[uint8]*AttrSet{}
	for _, c := range g {
		stem := strings.TrimPrefix(c.Name, "ETHTOOL_MSG_")
		if s, ok := ethtoolMsgSets[stem]; ok {
			m[uint8(c.Value)] = s
			continue
		}
		for _, suf := range []string{"_GET_REPLY", "_SET_REPLY", "_NTF", "_GET", "_SET", "_ACT"} {
			if s, ok := ethtoolMsgSets[strings.TrimSuffix(stem, suf)]; ok && strings.HasSuffix(stem, suf) {
				m[uint8(c.Value)] = s
				break
			}
		}
	}
	return m
}

func init() {
	registerGenlFamily(&GenlFamilySpec{
		Name:          "ethtool",
		Commands:      genETHTOOL_MSG_USER.cmdNames(),
		CmdKinds:      genETHTOOL_MSG_USER.cmdKinds(),
		CmdAttrs:      ethtoolCmdSets(genETHTOOL_MSG_USER),
		ReplyCommands: genETHTOOL_MSG_KERNEL.cmdNames(),
		ReplyCmdAttrs: ethtoolCmdSets(genETHTOOL_MSG_KERNEL),
		// A message of no known command still opens its header.
		Attrs: &AttrSet{Name: "ETHTOOL_A", Attrs: map[uint16]*AttrSpec{
			1: {Name: "ETHTOOL_A_HEADER", Kind: KindNested, Nested: ethtoolHeaderAttrs},
		}},
	})
}

// EthtoolDevName returns the device name that an ethtool message names in
// its request header (the _HEADER nest, attribute 1 of every ethtool
// message, holding ETHTOOL_A_HEADER_DEV_NAME), or "" when it names none.
// attrs are the attributes after genlmsghdr.
func EthtoolDevName(attrs []byte, order binary.ByteOrder) string {
	for a := range Attrs(attrs, order) {
		if a.Type != ethtoolHeaderAttr {
			continue
		}
		for h := range Attrs(a.Payload, order) {
			if uint64(h.Type) == ethtoolHeaderDevName {
				return cString(h.Payload)
			}
		}
	}
	return ""
}

// ethtoolHeaderAttr is the type of the request header nest in every ethtool
// message (ETHTOOL_A_STRSET_HEADER, ETHTOOL_A_LINKINFO_HEADER...: each
// message's enum starts with _UNSPEC, then _HEADER).
const ethtoolHeaderAttr = 1

// ethtoolHeaderDevName is ETHTOOL_A_HEADER_DEV_NAME, from the generated table.
var ethtoolHeaderDevName, _ = genETHTOOL_A_HEADER.value("ETHTOOL_A_HEADER_DEV_NAME")
