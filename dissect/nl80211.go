package dissect

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// The nl80211 generic netlink family ("nl80211",
// include/uapi/linux/nl80211.h): every command and attribute named from the
// header, the attributes of wiphy, interface, station, scan, key and
// regulatory messages typed (net/wireless/nl80211.c, nl80211_policy).
//
// The kernel builds many nests without NLA_F_NESTED (nla_nest_start_noflag
// in nl80211_send_wiphy and friends): the bands of NL80211_ATTR_WIPHY_BANDS
// (one nest per enum nl80211_band, each of NL80211_BAND_ATTR_*), their
// frequencies and bit rates (arrays of NL80211_FREQUENCY_ATTR_* and
// NL80211_BITRATE_ATTR_*), the interface types (a nest of flags typed by
// enum nl80211_iftype), the interface combinations and limits, the
// supported commands, the management frame types per interface type, the
// regulatory rules. This overlay types them as nests, so they are opened
// whatever the flag says, as tshark does.
//
// Keys are secrets: NL80211_KEY_DATA, NL80211_ATTR_KEY_DATA, NL80211_ATTR_PMK,
// NL80211_ATTR_SAE_PASSWORD, NL80211_ATTR_FILS_KEK, NL80211_ATTR_FILS_ERP_RRK,
// NL80211_REKEY_DATA_KEK, _KCK.

// nl80211IftypeFlags is a nest of flags whose types are enum nl80211_iftype
// (NL80211_ATTR_SUPPORTED_IFTYPES, NL80211_IFACE_LIMIT_TYPES...).
var nl80211IftypeFlags = func() *AttrSet {
	s := &AttrSet{Name: "NL80211_IFTYPE", Attrs: map[uint16]*AttrSpec{}}
	for _, c := range genNL80211_IFTYPE {
		s.Attrs[uint16(c.Value)] = &AttrSpec{Name: c.Name, Kind: KindFlag}
	}
	return s
}()

// nl80211ByIftype returns a nest whose members are typed by enum
// nl80211_iftype, each a nest of set (NL80211_ATTR_TX_FRAME_TYPES).
func nl80211ByIftype(set *AttrSet) *AttrSet {
	s := &AttrSet{Name: "NL80211_IFTYPE", Attrs: map[uint16]*AttrSpec{}}
	for _, c := range genNL80211_IFTYPE {
		s.Attrs[uint16(c.Value)] = &AttrSpec{Name: c.Name, Kind: KindNested, Nested: set}
	}
	return s
}

// nl80211FrameTypes: NL80211_ATTR_FRAME_TYPE (u16 frame control) members.
var nl80211FrameTypes = &AttrSet{Name: "NL80211_ATTR", Attrs: map[uint16]*AttrSpec{
	NL80211_ATTR_FRAME_TYPE: {Name: "NL80211_ATTR_FRAME_TYPE", Kind: KindU16, Format: formatHex16},
}}

// formatHex16 prints a u16 as 0x-prefixed hex (802.11 frame control).
func formatHex16(b []byte, order binary.ByteOrder) string {
	if len(b) != 2 {
		return hexString(b)
	}
	return "0x" + strconv.FormatUint(uint64(order.Uint16(b)), 16)
}

// formatCipherSuites prints an array of u32 cipher suite selectors (OUI
// and type, as in IEEE 802.11) as "00-0f-ac:4 00-0f-ac:2".
func formatCipherSuites(b []byte, order binary.ByteOrder) string {
	if len(b) == 0 || len(b)%4 != 0 {
		return hexString(b)
	}
	var sb strings.Builder
	for i := 0; i < len(b); i += 4 {
		if i > 0 {
			sb.WriteByte(' ')
		}
		v := order.Uint32(b[i:])
		sb.WriteString(hexString([]byte{byte(v >> 24)}) + "-" + hexString([]byte{byte(v >> 16)}) + "-" + hexString([]byte{byte(v >> 8)}) + ":" + strconv.Itoa(int(v&0xff)))
	}
	return sb.String()
}

// formatSSID prints an SSID (up to 32 octets, no terminator) quoted.
func formatSSID(b []byte, _ binary.ByteOrder) string { return quoteString(b) }

// formatExtFeatures prints NL80211_ATTR_EXT_FEATURES, a byte array in which
// bit i%8 of byte i/8 is enum nl80211_ext_feature_index i.
func formatExtFeatures(b []byte, _ binary.ByteOrder) string {
	var sb strings.Builder
	for i := 0; i < len(b)*8; i++ {
		if b[i/8]&(1<<(i%8)) == 0 {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		if n, ok := nl80211ExtFeatures[uint64(i)]; ok {
			sb.WriteString(n)
		} else {
			sb.WriteString(strconv.Itoa(i))
		}
	}
	if sb.Len() == 0 {
		return "(none)"
	}
	return sb.String()
}

var nl80211ExtFeatures = enumNames(genNL80211_EXT_FEATURE, "NL80211_EXT_FEATURE_", "")

var (
	nl80211WMMRule = genSet("NL80211_WMMR", genNL80211_WMMR, join(
		specs(KindU16, 0, "NL80211_WMMR_CW_MIN", "NL80211_WMMR_CW_MAX", "NL80211_WMMR_TXOP"),
		specs(KindU8, 0, "NL80211_WMMR_AIFSN"))...)
	// NL80211_FREQUENCY_ATTR_*: flags but the numbers below.
	nl80211FreqAttrs = func() *AttrSet {
		var fl []string
		for _, c := range genNL80211_FREQUENCY_ATTR {
			switch c.Name {
			case "NL80211_FREQUENCY_ATTR_FREQ", "NL80211_FREQUENCY_ATTR_MAX_TX_POWER", "NL80211_FREQUENCY_ATTR_DFS_STATE",
				"NL80211_FREQUENCY_ATTR_DFS_TIME", "NL80211_FREQUENCY_ATTR_DFS_CAC_TIME", "NL80211_FREQUENCY_ATTR_OFFSET",
				"NL80211_FREQUENCY_ATTR_WMM", "NL80211_FREQUENCY_ATTR_INVALID":
			default:
				fl = append(fl, c.Name)
			}
		}
		s := genSet("NL80211_FREQUENCY_ATTR", genNL80211_FREQUENCY_ATTR, join(
			specs(KindU32, 0, "NL80211_FREQUENCY_ATTR_FREQ", "NL80211_FREQUENCY_ATTR_MAX_TX_POWER", "NL80211_FREQUENCY_ATTR_DFS_CAC_TIME", "NL80211_FREQUENCY_ATTR_OFFSET"),
			specs(KindU32, TagVolatile, "NL80211_FREQUENCY_ATTR_DFS_TIME"),
			one(&AttrSpec{Name: "NL80211_FREQUENCY_ATTR_DFS_STATE", Kind: KindU32, Enum: genNL80211_DFS_STATE.names()},
				&AttrSpec{Name: "NL80211_FREQUENCY_ATTR_WMM", Kind: KindNestedArray, Nested: nl80211WMMRule}),
			specs(KindFlag, 0, fl...))...)
		// __NL80211_FREQUENCY_ATTR_NO_IBSS: "obsolete, same as _NO_IR", a
		// name the header keeps internal but the kernel still sends (as
		// tshark names it).
		v, _ := genNL80211_FREQUENCY_ATTR.value("NL80211_FREQUENCY_ATTR_NO_IR")
		s.Attrs[uint16(v)+1] = &AttrSpec{Name: "__NL80211_FREQUENCY_ATTR_NO_IBSS", Kind: KindFlag}
		return s
	}()
	nl80211BitrateAttrs = genSet("NL80211_BITRATE_ATTR", genNL80211_BITRATE_ATTR,
		&AttrSpec{Name: "NL80211_BITRATE_ATTR_RATE", Kind: KindU32},
		&AttrSpec{Name: "NL80211_BITRATE_ATTR_2GHZ_SHORTPREAMBLE", Kind: KindFlag})
	nl80211BandIftypeAttrs = genSet("NL80211_BAND_IFTYPE_ATTR", genNL80211_BAND_IFTYPE_ATTR,
		&AttrSpec{Name: "NL80211_BAND_IFTYPE_ATTR_IFTYPES", Kind: KindNested, Nested: nl80211IftypeFlags})
	nl80211BandAttrs = genSet("NL80211_BAND_ATTR", genNL80211_BAND_ATTR, join(
		one(&AttrSpec{Name: "NL80211_BAND_ATTR_FREQS", Kind: KindNestedArray, Nested: nl80211FreqAttrs},
			&AttrSpec{Name: "NL80211_BAND_ATTR_RATES", Kind: KindNestedArray, Nested: nl80211BitrateAttrs},
			&AttrSpec{Name: "NL80211_BAND_ATTR_IFTYPE_DATA", Kind: KindNestedArray, Nested: nl80211BandIftypeAttrs},
			&AttrSpec{Name: "NL80211_BAND_ATTR_HT_CAPA", Kind: KindU16, Format: formatHex16},
			&AttrSpec{Name: "NL80211_BAND_ATTR_VHT_CAPA", Kind: KindU32, Format: formatHex32}),
		specs(KindU8, 0, "NL80211_BAND_ATTR_HT_AMPDU_FACTOR", "NL80211_BAND_ATTR_HT_AMPDU_DENSITY", "NL80211_BAND_ATTR_EDMG_CHANNELS", "NL80211_BAND_ATTR_EDMG_BW_CONFIG"))...)
	// NL80211_ATTR_WIPHY_BANDS: one nest per band, typed by enum nl80211_band.
	nl80211Bands = func() *AttrSet {
		s := &AttrSet{Name: "NL80211_BAND", Attrs: map[uint16]*AttrSpec{}}
		for _, c := range genNL80211_BAND {
			s.Attrs[uint16(c.Value)] = &AttrSpec{Name: c.Name, Kind: KindNested, Nested: nl80211BandAttrs}
		}
		return s
	}()

	nl80211IfaceLimit = genSet("NL80211_IFACE_LIMIT", genNL80211_IFACE_LIMIT,
		&AttrSpec{Name: "NL80211_IFACE_LIMIT_MAX", Kind: KindU32},
		&AttrSpec{Name: "NL80211_IFACE_LIMIT_TYPES", Kind: KindNested, Nested: nl80211IftypeFlags})
	nl80211IfaceComb = genSet("NL80211_IFACE_COMB", genNL80211_IFACE_COMB, join(
		one(&AttrSpec{Name: "NL80211_IFACE_COMB_LIMITS", Kind: KindNestedArray, Nested: nl80211IfaceLimit}),
		specs(KindU32, 0, "NL80211_IFACE_COMB_MAXNUM", "NL80211_IFACE_COMB_NUM_CHANNELS", "NL80211_IFACE_COMB_RADAR_DETECT_WIDTHS",
			"NL80211_IFACE_COMB_RADAR_DETECT_REGIONS", "NL80211_IFACE_COMB_BI_MIN_GCD"),
		specs(KindFlag, 0, "NL80211_IFACE_COMB_STA_AP_BI_MATCH"))...)

	// NL80211_ATTR_SUPPORTED_COMMANDS: an array of u32 command numbers.
	nl80211CmdArray = &AttrSet{Name: "NL80211_CMD", Default: &AttrSpec{Kind: KindU32, Enum: genNL80211_CMD.names()}}
	// NL80211_ATTR_SCAN_FREQUENCIES: an array of u32 MHz.
	nl80211U32Array = &AttrSet{Name: "u32", Default: &AttrSpec{Kind: KindU32}}
	// NL80211_ATTR_SCAN_SSIDS: an array of SSIDs.
	nl80211SSIDArray = &AttrSet{Name: "ssid", Default: &AttrSpec{Kind: KindCustom, Format: formatSSID}}
	// NL80211_ATTR_MAC_ADDRS: an array of MAC addresses.
	nl80211MACArray = &AttrSet{Name: "mac", Default: &AttrSpec{Kind: KindLLAddr}}

	nl80211RegRule = genSet("NL80211_REG_RULE_ATTR", genNL80211_REG_RULE_ATTR, join(
		one(&AttrSpec{Name: "NL80211_ATTR_REG_RULE_FLAGS", Kind: KindU32, Flags: genNL80211_RRF.names()}),
		specs(KindU32, 0, "NL80211_ATTR_FREQ_RANGE_START", "NL80211_ATTR_FREQ_RANGE_END", "NL80211_ATTR_FREQ_RANGE_MAX_BW",
			"NL80211_ATTR_POWER_RULE_MAX_ANT_GAIN", "NL80211_ATTR_POWER_RULE_MAX_EIRP", "NL80211_ATTR_DFS_CAC_TIME"))...)

	nl80211KeyAttrs = genSet("NL80211_KEY", genNL80211_KEY,
		&AttrSpec{Name: "NL80211_KEY_DATA", Kind: KindBinary, Tags: TagSecret},
		&AttrSpec{Name: "NL80211_KEY_IDX", Kind: KindU8},
		&AttrSpec{Name: "NL80211_KEY_CIPHER", Kind: KindCustom, Format: formatCipherSuites},
		&AttrSpec{Name: "NL80211_KEY_SEQ", Kind: KindBinary},
		&AttrSpec{Name: "NL80211_KEY_DEFAULT", Kind: KindFlag},
		&AttrSpec{Name: "NL80211_KEY_DEFAULT_MGMT", Kind: KindFlag},
		&AttrSpec{Name: "NL80211_KEY_TYPE", Kind: KindU32, Enum: genNL80211_KEYTYPE.names()},
		&AttrSpec{Name: "NL80211_KEY_MODE", Kind: KindU8},
		&AttrSpec{Name: "NL80211_KEY_DEFAULT_BEACON", Kind: KindFlag})

	nl80211RateInfo = genSet("NL80211_RATE_INFO", genNL80211_RATE_INFO, join(
		specs(KindU16, 0, "NL80211_RATE_INFO_BITRATE"),
		specs(KindU32, 0, "NL80211_RATE_INFO_BITRATE32"),
		specs(KindU8, 0, "NL80211_RATE_INFO_MCS", "NL80211_RATE_INFO_VHT_MCS", "NL80211_RATE_INFO_VHT_NSS", "NL80211_RATE_INFO_HE_MCS",
			"NL80211_RATE_INFO_HE_NSS", "NL80211_RATE_INFO_HE_GI", "NL80211_RATE_INFO_HE_DCM", "NL80211_RATE_INFO_HE_RU_ALLOC"),
		specs(KindFlag, 0, "NL80211_RATE_INFO_40_MHZ_WIDTH", "NL80211_RATE_INFO_SHORT_GI", "NL80211_RATE_INFO_80_MHZ_WIDTH",
			"NL80211_RATE_INFO_80P80_MHZ_WIDTH", "NL80211_RATE_INFO_160_MHZ_WIDTH", "NL80211_RATE_INFO_10_MHZ_WIDTH", "NL80211_RATE_INFO_5_MHZ_WIDTH"))...)
	nl80211StaInfo = genSet("NL80211_STA_INFO", genNL80211_STA_INFO, join(
		specs(KindU32, TagVolatile, "NL80211_STA_INFO_INACTIVE_TIME", "NL80211_STA_INFO_RX_BYTES", "NL80211_STA_INFO_TX_BYTES",
			"NL80211_STA_INFO_RX_PACKETS", "NL80211_STA_INFO_TX_PACKETS", "NL80211_STA_INFO_TX_RETRIES", "NL80211_STA_INFO_TX_FAILED",
			"NL80211_STA_INFO_CONNECTED_TIME", "NL80211_STA_INFO_BEACON_LOSS", "NL80211_STA_INFO_EXPECTED_THROUGHPUT",
			"NL80211_STA_INFO_RX_MPDUS", "NL80211_STA_INFO_FCS_ERROR_COUNT"),
		specs(KindU64, TagVolatile, "NL80211_STA_INFO_RX_BYTES64", "NL80211_STA_INFO_TX_BYTES64", "NL80211_STA_INFO_RX_DROP_MISC",
			"NL80211_STA_INFO_BEACON_RX", "NL80211_STA_INFO_RX_DURATION", "NL80211_STA_INFO_TX_DURATION", "NL80211_STA_INFO_ASSOC_AT_BOOTTIME"),
		specs(KindS64, TagVolatile, "NL80211_STA_INFO_T_OFFSET"),
		specs(KindS8, TagVolatile, "NL80211_STA_INFO_SIGNAL", "NL80211_STA_INFO_SIGNAL_AVG", "NL80211_STA_INFO_BEACON_SIGNAL_AVG",
			"NL80211_STA_INFO_ACK_SIGNAL", "NL80211_STA_INFO_ACK_SIGNAL_AVG"),
		specs(KindU16, 0, "NL80211_STA_INFO_LLID", "NL80211_STA_INFO_PLID", "NL80211_STA_INFO_AIRTIME_WEIGHT"),
		specs(KindU8, 0, "NL80211_STA_INFO_PLINK_STATE", "NL80211_STA_INFO_CONNECTED_TO_GATE", "NL80211_STA_INFO_CONNECTED_TO_AS"),
		one(&AttrSpec{Name: "NL80211_STA_INFO_TX_BITRATE", Kind: KindNested, Nested: nl80211RateInfo},
			&AttrSpec{Name: "NL80211_STA_INFO_RX_BITRATE", Kind: KindNested, Nested: nl80211RateInfo}))...)

	nl80211BSSAttrs = genSet("NL80211_BSS", genNL80211_BSS, join(
		specs(KindLLAddr, 0, "NL80211_BSS_BSSID", "NL80211_BSS_PARENT_BSSID"),
		specs(KindU32, 0, "NL80211_BSS_FREQUENCY", "NL80211_BSS_FREQUENCY_OFFSET"),
		specs(KindU32, TagVolatile, "NL80211_BSS_SEEN_MS_AGO"),
		specs(KindU64, TagVolatile, "NL80211_BSS_TSF", "NL80211_BSS_BEACON_TSF", "NL80211_BSS_LAST_SEEN_BOOTTIME", "NL80211_BSS_PARENT_TSF"),
		specs(KindU16, 0, "NL80211_BSS_BEACON_INTERVAL"),
		specs(KindS32, TagVolatile, "NL80211_BSS_SIGNAL_MBM"),
		specs(KindU8, TagVolatile, "NL80211_BSS_SIGNAL_UNSPEC"),
		specs(KindFlag, 0, "NL80211_BSS_PRESP_DATA"),
		one(&AttrSpec{Name: "NL80211_BSS_CAPABILITY", Kind: KindU16, Format: formatHex16},
			&AttrSpec{Name: "NL80211_BSS_STATUS", Kind: KindU32, Enum: genNL80211_BSS_STATUS.names()},
			&AttrSpec{Name: "NL80211_BSS_CHAN_WIDTH", Kind: KindU32}))...)

	nl80211SurveyInfo = genSet("NL80211_SURVEY_INFO", genNL80211_SURVEY_INFO, join(
		specs(KindU32, 0, "NL80211_SURVEY_INFO_FREQUENCY", "NL80211_SURVEY_INFO_FREQUENCY_OFFSET"),
		specs(KindS8, TagVolatile, "NL80211_SURVEY_INFO_NOISE"),
		specs(KindFlag, 0, "NL80211_SURVEY_INFO_IN_USE"),
		specs(KindU64, TagVolatile, "NL80211_SURVEY_INFO_TIME", "NL80211_SURVEY_INFO_TIME_BUSY", "NL80211_SURVEY_INFO_TIME_EXT_BUSY",
			"NL80211_SURVEY_INFO_TIME_RX", "NL80211_SURVEY_INFO_TIME_TX", "NL80211_SURVEY_INFO_TIME_SCAN", "NL80211_SURVEY_INFO_TIME_BSS_RX"))...)

	nl80211RekeyData = genSet("NL80211_REKEY_DATA", genNL80211_REKEY_DATA,
		specs(KindBinary, TagSecret, "NL80211_REKEY_DATA_KEK", "NL80211_REKEY_DATA_KCK")...)
	nl80211TxqStats = genSet("NL80211_TXQ_STATS", genNL80211_TXQ_STATS, func() []*AttrSpec {
		var names []string
		for _, c := range genNL80211_TXQ_STATS {
			if c.Name != "NL80211_TXQ_STATS_PAD" {
				names = append(names, c.Name)
			}
		}
		return specs(KindU32, TagVolatile, names...)
	}()...)
)

// formatHex32 prints a u32 as 0x-prefixed hex (capability words).
func formatHex32(b []byte, order binary.ByteOrder) string {
	if len(b) != 4 {
		return hexString(b)
	}
	return "0x" + strconv.FormatUint(uint64(order.Uint32(b)), 16)
}

// nl80211Attrs are the top-level NL80211_ATTR_* of every command.
var nl80211Attrs = genSet("NL80211_ATTR", genNL80211_ATTR, join(
	specs(KindU32, TagIfindex, "NL80211_ATTR_IFINDEX"),
	specs(KindString, 0, "NL80211_ATTR_WIPHY_NAME", "NL80211_ATTR_IFNAME", "NL80211_ATTR_REG_ALPHA2"),
	specs(KindU32, 0, "NL80211_ATTR_WIPHY", "NL80211_ATTR_GENERATION", "NL80211_ATTR_WIPHY_FREQ", "NL80211_ATTR_CENTER_FREQ1",
		"NL80211_ATTR_CENTER_FREQ2", "NL80211_ATTR_WIPHY_FREQ_OFFSET", "NL80211_ATTR_CENTER_FREQ1_OFFSET", "NL80211_ATTR_BEACON_INTERVAL",
		"NL80211_ATTR_DTIM_PERIOD", "NL80211_ATTR_WIPHY_FRAG_THRESHOLD", "NL80211_ATTR_WIPHY_RTS_THRESHOLD", "NL80211_ATTR_WIPHY_ANTENNA_TX",
		"NL80211_ATTR_WIPHY_ANTENNA_RX", "NL80211_ATTR_WIPHY_ANTENNA_AVAIL_TX", "NL80211_ATTR_WIPHY_ANTENNA_AVAIL_RX",
		"NL80211_ATTR_MAX_REMAIN_ON_CHANNEL_DURATION", "NL80211_ATTR_DURATION", "NL80211_ATTR_WIPHY_TX_POWER_LEVEL", "NL80211_ATTR_MCAST_RATE",
		"NL80211_ATTR_STA_VLAN", "NL80211_ATTR_MAC_ACL_MAX", "NL80211_ATTR_MAX_AP_ASSOC_STA", "NL80211_ATTR_VENDOR_ID",
		"NL80211_ATTR_VENDOR_SUBCMD", "NL80211_ATTR_SCHED_SCAN_INTERVAL", "NL80211_ATTR_SCHED_SCAN_DELAY", "NL80211_ATTR_MAX_NUM_SCHED_SCAN_PLANS",
		"NL80211_ATTR_MAX_SCAN_PLAN_INTERVAL", "NL80211_ATTR_MAX_SCAN_PLAN_ITERATIONS", "NL80211_ATTR_BANDS", "NL80211_ATTR_TXQ_LIMIT",
		"NL80211_ATTR_TXQ_MEMORY_LIMIT", "NL80211_ATTR_TXQ_QUANTUM", "NL80211_ATTR_PID", "NL80211_ATTR_NETNS_FD", "NL80211_ATTR_TIMEOUT",
		"NL80211_ATTR_PMK_LIFETIME", "NL80211_ATTR_WIPHY_FREQ_HINT", "NL80211_ATTR_SCHED_SCAN_MAX_REQS", "NL80211_ATTR_DEVICE_AP_SME",
		"NL80211_ATTR_PROBE_RESP_OFFLOAD", "NL80211_ATTR_CH_SWITCH_COUNT", "NL80211_ATTR_AP_SETTINGS_FLAGS"),
	specs(KindU64, 0, "NL80211_ATTR_WDEV", "NL80211_ATTR_COOKIE", "NL80211_ATTR_SCAN_START_TIME_TSF", "NL80211_ATTR_OBSS_COLOR_BITMAP"),
	specs(KindU16, 0, "NL80211_ATTR_STA_AID", "NL80211_ATTR_STA_LISTEN_INTERVAL", "NL80211_ATTR_REASON_CODE", "NL80211_ATTR_STATUS_CODE",
		"NL80211_ATTR_MAX_SCAN_IE_LEN", "NL80211_ATTR_MAX_SCHED_SCAN_IE_LEN", "NL80211_ATTR_BSS_HT_OPMODE", "NL80211_ATTR_INACTIVITY_TIMEOUT",
		"NL80211_ATTR_BG_SCAN_PERIOD", "NL80211_ATTR_STA_CAPABILITY", "NL80211_ATTR_MDID", "NL80211_ATTR_PEER_AID", "NL80211_ATTR_ADMITTED_TIME",
		"NL80211_ATTR_MEASUREMENT_DURATION", "NL80211_ATTR_MESH_PEER_AID", "NL80211_ATTR_AIRTIME_WEIGHT", "NL80211_ATTR_VLAN_ID",
		"NL80211_ATTR_NOACK_MAP", "NL80211_ATTR_MAX_CRIT_PROT_DURATION", "NL80211_ATTR_CRIT_PROT_ID", "NL80211_ATTR_FILS_ERP_NEXT_SEQ_NUM"),
	specs(KindU8, 0, "NL80211_ATTR_KEY_IDX", "NL80211_ATTR_STA_PLINK_ACTION", "NL80211_ATTR_BSS_CTS_PROT", "NL80211_ATTR_BSS_SHORT_PREAMBLE",
		"NL80211_ATTR_BSS_SHORT_SLOT_TIME", "NL80211_ATTR_MGMT_SUBTYPE", "NL80211_ATTR_MAX_NUM_SCAN_SSIDS", "NL80211_ATTR_MAX_NUM_SCHED_SCAN_SSIDS",
		"NL80211_ATTR_REG_INITIATOR", "NL80211_ATTR_REG_TYPE", "NL80211_ATTR_WIPHY_RETRY_SHORT", "NL80211_ATTR_WIPHY_RETRY_LONG", "NL80211_ATTR_4ADDR",
		"NL80211_ATTR_MAX_NUM_PMKIDS", "NL80211_ATTR_WIPHY_COVERAGE_CLASS", "NL80211_ATTR_AP_ISOLATE", "NL80211_ATTR_STA_PLINK_STATE",
		"NL80211_ATTR_MAX_MATCH_SETS", "NL80211_ATTR_TDLS_ACTION", "NL80211_ATTR_TDLS_DIALOG_TOKEN", "NL80211_ATTR_TDLS_OPERATION",
		"NL80211_ATTR_DFS_REGION", "NL80211_ATTR_P2P_CTWINDOW", "NL80211_ATTR_P2P_OPPPS", "NL80211_ATTR_OPMODE_NOTIF", "NL80211_ATTR_MAX_CSA_COUNTERS",
		"NL80211_ATTR_TSID", "NL80211_ATTR_USER_PRIO", "NL80211_ATTR_SMPS_MODE", "NL80211_ATTR_OPER_CLASS", "NL80211_ATTR_STA_SUPPORT_P2P_PS",
		"NL80211_ATTR_NAN_MASTER_PREF", "NL80211_ATTR_NSS", "NL80211_ATTR_STA_TX_POWER_SETTING", "NL80211_ATTR_WIPHY_EDMG_CHANNELS",
		"NL80211_ATTR_WIPHY_EDMG_BW_CONFIG", "NL80211_ATTR_PMK_REAUTH_THRESHOLD", "NL80211_ATTR_SAE_PWE", "NL80211_ATTR_COLOR_CHANGE_COUNT",
		"NL80211_ATTR_COLOR_CHANGE_COLOR", "NL80211_ATTR_MLO_LINK_ID"),
	specs(KindS32, TagVolatile, "NL80211_ATTR_RX_SIGNAL_DBM", "NL80211_ATTR_ACK_SIGNAL"),
	specs(KindS16, 0, "NL80211_ATTR_STA_TX_POWER"),
	specs(KindLLAddr, 0, "NL80211_ATTR_MAC", "NL80211_ATTR_PREV_BSSID", "NL80211_ATTR_MPATH_NEXT_HOP", "NL80211_ATTR_MAC_HINT", "NL80211_ATTR_MAC_MASK",
		"NL80211_ATTR_BSSID", "NL80211_ATTR_MU_MIMO_FOLLOW_MAC_ADDR", "NL80211_ATTR_SCAN_START_TIME_TSF_BSSID", "NL80211_ATTR_MLD_ADDR"),
	specs(KindFlag, 0, "NL80211_ATTR_KEY_DEFAULT", "NL80211_ATTR_KEY_DEFAULT_MGMT", "NL80211_ATTR_FREQ_FIXED", "NL80211_ATTR_TIMED_OUT",
		"NL80211_ATTR_CONTROL_PORT", "NL80211_ATTR_PRIVACY", "NL80211_ATTR_DISCONNECTED_BY_AP", "NL80211_ATTR_SUPPORT_IBSS_RSN",
		"NL80211_ATTR_ACK", "NL80211_ATTR_LOCAL_STATE_CHANGE", "NL80211_ATTR_CONTROL_PORT_ETHERTYPE", "NL80211_ATTR_CONTROL_PORT_NO_ENCRYPT",
		"NL80211_ATTR_OFFCHANNEL_TX_OK", "NL80211_ATTR_SUPPORT_MESH_AUTH", "NL80211_ATTR_SUPPORT_AP_UAPSD", "NL80211_ATTR_ROAM_SUPPORT",
		"NL80211_ATTR_TX_NO_CCK_RATE", "NL80211_ATTR_TDLS_SUPPORT", "NL80211_ATTR_TDLS_EXTERNAL_SETUP", "NL80211_ATTR_DONT_WAIT_FOR_ACK",
		"NL80211_ATTR_DISABLE_HT", "NL80211_ATTR_DISABLE_VHT", "NL80211_ATTR_DISABLE_HE", "NL80211_ATTR_DISABLE_EHT", "NL80211_ATTR_SPLIT_WIPHY_DUMP",
		"NL80211_ATTR_CH_SWITCH_BLOCK_TX", "NL80211_ATTR_HANDLE_DFS", "NL80211_ATTR_SUPPORT_5_MHZ", "NL80211_ATTR_SUPPORT_10_MHZ",
		"NL80211_ATTR_SOCKET_OWNER", "NL80211_ATTR_TDLS_INITIATOR", "NL80211_ATTR_USE_RRM", "NL80211_ATTR_WIPHY_DYN_ACK",
		"NL80211_ATTR_WIPHY_SELF_MANAGED_REG", "NL80211_ATTR_SURVEY_RADIO_STATS", "NL80211_ATTR_REG_INDOOR", "NL80211_ATTR_PBSS",
		"NL80211_ATTR_MEASUREMENT_DURATION_MANDATORY", "NL80211_ATTR_MULTICAST_TO_UNICAST_ENABLED", "NL80211_ATTR_SCHED_SCAN_MULTI",
		"NL80211_ATTR_WANT_1X_4WAY_HS", "NL80211_ATTR_EXTERNAL_AUTH_SUPPORT", "NL80211_ATTR_CONTROL_PORT_OVER_NL80211", "NL80211_ATTR_TWT_RESPONDER",
		"NL80211_ATTR_CONTROL_PORT_NO_PREAUTH", "NL80211_ATTR_RECEIVE_MULTICAST", "NL80211_ATTR_RECONNECT_REQUESTED", "NL80211_ATTR_RADAR_BACKGROUND",
		"NL80211_ATTR_MLO_SUPPORT"),
	specs(KindBinary, TagSecret, "NL80211_ATTR_KEY_DATA", "NL80211_ATTR_PMK", "NL80211_ATTR_SAE_PASSWORD", "NL80211_ATTR_FILS_KEK", "NL80211_ATTR_FILS_ERP_RRK"),
	one(
		&AttrSpec{Name: "NL80211_ATTR_IFTYPE", Kind: KindU32, Enum: genNL80211_IFTYPE.names()},
		&AttrSpec{Name: "NL80211_ATTR_SSID", Kind: KindCustom, Format: formatSSID},
		&AttrSpec{Name: "NL80211_ATTR_MESH_ID", Kind: KindCustom, Format: formatSSID},
		&AttrSpec{Name: "NL80211_ATTR_KEY_CIPHER", Kind: KindCustom, Format: formatCipherSuites},
		&AttrSpec{Name: "NL80211_ATTR_CIPHER_SUITES", Kind: KindCustom, Format: formatCipherSuites},
		&AttrSpec{Name: "NL80211_ATTR_CIPHER_SUITES_PAIRWISE", Kind: KindCustom, Format: formatCipherSuites},
		&AttrSpec{Name: "NL80211_ATTR_CIPHER_SUITE_GROUP", Kind: KindCustom, Format: formatCipherSuites},
		&AttrSpec{Name: "NL80211_ATTR_AKM_SUITES", Kind: KindCustom, Format: formatCipherSuites},
		&AttrSpec{Name: "NL80211_ATTR_WIPHY_CHANNEL_TYPE", Kind: KindU32, Enum: genNL80211_CHAN.names()},
		&AttrSpec{Name: "NL80211_ATTR_CHANNEL_WIDTH", Kind: KindU32, Enum: genNL80211_CHAN_WIDTH.names()},
		&AttrSpec{Name: "NL80211_ATTR_AUTH_TYPE", Kind: KindU32, Enum: genNL80211_AUTHTYPE.names()},
		&AttrSpec{Name: "NL80211_ATTR_KEY_TYPE", Kind: KindU32, Enum: genNL80211_KEYTYPE.names()},
		&AttrSpec{Name: "NL80211_ATTR_FEATURE_FLAGS", Kind: KindU32, Flags: genNL80211_FEATURE.names()},
		&AttrSpec{Name: "NL80211_ATTR_PROTOCOL_FEATURES", Kind: KindU32, Flags: genNL80211_PROTOCOL_FEATURE.names()},
		&AttrSpec{Name: "NL80211_ATTR_EXT_FEATURES", Kind: KindCustom, Format: formatExtFeatures},
		&AttrSpec{Name: "NL80211_ATTR_WIPHY_BANDS", Kind: KindNested, Nested: nl80211Bands},
		&AttrSpec{Name: "NL80211_ATTR_SUPPORTED_IFTYPES", Kind: KindNested, Nested: nl80211IftypeFlags},
		&AttrSpec{Name: "NL80211_ATTR_SOFTWARE_IFTYPES", Kind: KindNested, Nested: nl80211IftypeFlags},
		&AttrSpec{Name: "NL80211_ATTR_INTERFACE_COMBINATIONS", Kind: KindNestedArray, Nested: nl80211IfaceComb},
		&AttrSpec{Name: "NL80211_ATTR_SUPPORTED_COMMANDS", Kind: KindNested, Nested: nl80211CmdArray},
		&AttrSpec{Name: "NL80211_ATTR_TX_FRAME_TYPES", Kind: KindNested, Nested: nl80211ByIftype(nl80211FrameTypes)},
		&AttrSpec{Name: "NL80211_ATTR_RX_FRAME_TYPES", Kind: KindNested, Nested: nl80211ByIftype(nl80211FrameTypes)},
		&AttrSpec{Name: "NL80211_ATTR_FRAME_TYPE", Kind: KindU16, Format: formatHex16},
		&AttrSpec{Name: "NL80211_ATTR_REG_RULES", Kind: KindNestedArray, Nested: nl80211RegRule},
		&AttrSpec{Name: "NL80211_ATTR_SCAN_FREQUENCIES", Kind: KindNested, Nested: nl80211U32Array},
		&AttrSpec{Name: "NL80211_ATTR_SCAN_SSIDS", Kind: KindNested, Nested: nl80211SSIDArray},
		&AttrSpec{Name: "NL80211_ATTR_MAC_ADDRS", Kind: KindNested, Nested: nl80211MACArray},
		&AttrSpec{Name: "NL80211_ATTR_KEY", Kind: KindNested, Nested: nl80211KeyAttrs},
		&AttrSpec{Name: "NL80211_ATTR_KEYS", Kind: KindNestedArray, Nested: nl80211KeyAttrs},
		&AttrSpec{Name: "NL80211_ATTR_STA_INFO", Kind: KindNested, Nested: nl80211StaInfo},
		&AttrSpec{Name: "NL80211_ATTR_BSS", Kind: KindNested, Nested: nl80211BSSAttrs},
		&AttrSpec{Name: "NL80211_ATTR_SURVEY_INFO", Kind: KindNested, Nested: nl80211SurveyInfo},
		&AttrSpec{Name: "NL80211_ATTR_REKEY_DATA", Kind: KindNested, Nested: nl80211RekeyData},
		&AttrSpec{Name: "NL80211_ATTR_TXQ_STATS", Kind: KindNested, Nested: nl80211TxqStats},
		&AttrSpec{Name: "NL80211_ATTR_SCAN_FLAGS", Kind: KindU32, Format: formatHex32},
		&AttrSpec{Name: "NL80211_ATTR_USE_MFP", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_WPA_VERSIONS", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_PS_STATE", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_WIPHY_TX_POWER_SETTING", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_HIDDEN_SSID", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_USER_REG_HINT_TYPE", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_ACL_POLICY", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_RADAR_EVENT", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_RXMGMT_FLAGS", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_TDLS_PEER_CAPABILITY", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_TIMEOUT_REASON", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_EXTERNAL_AUTH_ACTION", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_CONN_FAILED_REASON", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_LOCAL_MESH_POWER_MODE", Kind: KindU32},
		&AttrSpec{Name: "NL80211_ATTR_SCHED_SCAN_RELATIVE_RSSI", Kind: KindS8},
	))...)

func init() {
	registerGenlFamily(&GenlFamilySpec{
		Name:     "nl80211",
		Commands: genNL80211_CMD.cmdNames(),
		CmdKinds: genNL80211_CMD.cmdKinds(),
		Attrs:    nl80211Attrs,
	})
}
