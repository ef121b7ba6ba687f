package dissect

// The devlink generic netlink family ("devlink", include/uapi/linux/devlink.h):
// the overlay over the generated names (genDEVLINK_*), written as the worked
// example of DEVELOPERS.md, "Adding a family". The commands and every
// attribute are named from the headers; the overlay types the attributes
// that identify devices and ports and tags the netdev ifindex. The other
// attributes are printed in hex until their types are added here (or a YNL
// spec is loaded with --spec-dir).
//
//	DEVLINK_ATTR_BUS_NAME,			/* string */
//	DEVLINK_ATTR_DEV_NAME,			/* string */
//	DEVLINK_ATTR_PORT_INDEX,		/* u32 */
//	DEVLINK_ATTR_PORT_TYPE,			/* u16 */
//	DEVLINK_ATTR_DESIRED_TYPE,		/* u16 */
//	DEVLINK_ATTR_PORT_NETDEV_IFINDEX,	/* u32 */
//	DEVLINK_ATTR_PORT_NETDEV_NAME,		/* string */
//	DEVLINK_ATTR_PORT_IBDEV_NAME,		/* string */
//	DEVLINK_ATTR_PORT_SPLIT_COUNT,		/* u32 */
//	...
//	DEVLINK_ATTR_PORT_FLAVOUR,		/* u16 */
var devlinkAttrs = genSet("DEVLINK_ATTR", genDEVLINK_ATTR,
	&AttrSpec{Name: "DEVLINK_ATTR_BUS_NAME", Kind: KindString},
	&AttrSpec{Name: "DEVLINK_ATTR_DEV_NAME", Kind: KindString},
	&AttrSpec{Name: "DEVLINK_ATTR_PORT_INDEX", Kind: KindU32},
	&AttrSpec{Name: "DEVLINK_ATTR_PORT_TYPE", Kind: KindU16, Enum: genDEVLINK_PORT_TYPE.names()},
	&AttrSpec{Name: "DEVLINK_ATTR_PORT_DESIRED_TYPE", Kind: KindU16, Enum: genDEVLINK_PORT_TYPE.names()},
	&AttrSpec{Name: "DEVLINK_ATTR_PORT_NETDEV_IFINDEX", Kind: KindU32, Tags: TagIfindex},
	&AttrSpec{Name: "DEVLINK_ATTR_PORT_NETDEV_NAME", Kind: KindString},
	&AttrSpec{Name: "DEVLINK_ATTR_PORT_IBDEV_NAME", Kind: KindString},
	&AttrSpec{Name: "DEVLINK_ATTR_PORT_SPLIT_COUNT", Kind: KindU32},
	&AttrSpec{Name: "DEVLINK_ATTR_PORT_FLAVOUR", Kind: KindU16, Enum: genDEVLINK_PORT_FLAVOUR.names()},
	&AttrSpec{Name: "DEVLINK_ATTR_PORT_NUMBER", Kind: KindU32},
)

func init() {
	registerGenlFamily(&GenlFamilySpec{
		Name:     "devlink",
		Commands: genDEVLINK_CMD.cmdNames(),
		CmdKinds: genDEVLINK_CMD.cmdKinds(),
		Attrs:    devlinkAttrs,
	})
}
