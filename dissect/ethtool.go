package dissect

// The ethtool generic netlink family ("ethtool",
// include/uapi/linux/ethtool_netlink.h). Its commands are numbered apart
// for each direction and each has its own attribute set; what this overlay
// describes is what they share: attribute 1 of every message is the
// request or reply header, a nest of ETHTOOL_A_HEADER_*:
//
//	enum {
//		ETHTOOL_A_HEADER_UNSPEC,
//		ETHTOOL_A_HEADER_DEV_INDEX,		/* u32 */
//		ETHTOOL_A_HEADER_DEV_NAME,		/* string */
//		ETHTOOL_A_HEADER_FLAGS,			/* u32 - ETHTOOL_FLAG_* */
//		...
//	};
var (
	ethtoolHeaderAttrs = genSet("ETHTOOL_A_HEADER", genETHTOOL_A_HEADER,
		&AttrSpec{Name: "ETHTOOL_A_HEADER_DEV_INDEX", Kind: KindU32, Tags: TagIfindex},
		&AttrSpec{Name: "ETHTOOL_A_HEADER_DEV_NAME", Kind: KindString},
		&AttrSpec{Name: "ETHTOOL_A_HEADER_FLAGS", Kind: KindU32, Flags: genETHTOOL_FLAG.names()},
	)
	ethtoolAttrs = &AttrSet{Name: "ETHTOOL_A", Attrs: map[uint16]*AttrSpec{
		// ETHTOOL_A_<MSG>_HEADER = 1 in every message's enum.
		1: {Name: "ETHTOOL_A_HEADER", Kind: KindNested, Nested: ethtoolHeaderAttrs},
	}}
)

func init() {
	registerGenlFamily(&GenlFamilySpec{Name: "ethtool", Attrs: ethtoolAttrs})
}
