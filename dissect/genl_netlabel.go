package dissect

// The NetLabel families (NLBL_MGMT, NLBL_UNLBL, NLBL_CIPSOv4,
// NLBL_CALIPSO): their enums are not UAPI but the kernel's own headers
// (net/netlabel/netlabel_mgmt.h, netlabel_unlabeled.h,
// netlabel_cipso_v4.h, netlabel_calipso.h), spelled here as the kernel
// spells them, with the types their comments give. The families exist
// only in the initial network namespace; netlabelctl (netlabel-tools)
// speaks them. The nests (NLBL_MGMT_A_SELECTORLIST, the CIPSOv4 tag, level
// and category lists) hold attributes of their own family.
//
// netlabel_mgmt.h:
//
//	NLBL_MGMT_A_DOMAIN,	  /* (NLA_NUL_STRING) the NULL terminated LSM domain string */
//	NLBL_MGMT_A_PROTOCOL,	  /* (NLA_U32) the NetLabel protocol type (defined by NETLBL_NLTYPE_*) */
//	NLBL_MGMT_A_VERSION,	  /* (NLA_U32) the NetLabel protocol version number */
//	NLBL_MGMT_A_CV4DOI,	  /* (NLA_U32) the CIPSOv4 DOI value */
//	NLBL_MGMT_A_IPV6ADDR,	  /* (NLA_BINARY, struct in6_addr) an IPv6 address */
//	NLBL_MGMT_A_IPV6MASK,	  /* (NLA_BINARY, struct in6_addr) an IPv6 address mask */
//	NLBL_MGMT_A_IPV4ADDR,	  /* (NLA_BINARY, struct in_addr) an IPv4 address */
//	NLBL_MGMT_A_IPV4MASK,	  /* (NLA_BINARY, struct in_addr) and IPv4 address mask */
//	NLBL_MGMT_A_ADDRSELECTOR, /* (NLA_NESTED) an IP address selector */
//	NLBL_MGMT_A_SELECTORLIST, /* (NLA_NESTED) NLBL_MGMT_A_ADDRSELECTOR attributes */
//	NLBL_MGMT_A_FAMILY,	  /* (NLA_U16) The address family */
//	NLBL_MGMT_A_CLPDOI,	  /* (NLA_U32) the CALIPSO DOI value */
//
// include/net/netlabel.h:
//
//	#define NETLBL_NLTYPE_NONE              0
//	#define NETLBL_NLTYPE_MGMT              1
//	#define NETLBL_NLTYPE_RIPSO             2
//	#define NETLBL_NLTYPE_CIPSOV4           3
//	#define NETLBL_NLTYPE_CIPSOV6           4
//	#define NETLBL_NLTYPE_UNLABELED         5
//	#define NETLBL_NLTYPE_ADDRSELECT        6
//	#define NETLBL_NLTYPE_CALIPSO           7
var netlblTypeNames = map[uint64]string{
	0: "NETLBL_NLTYPE_NONE", 1: "NETLBL_NLTYPE_MGMT", 2: "NETLBL_NLTYPE_RIPSO", 3: "NETLBL_NLTYPE_CIPSOV4",
	4: "NETLBL_NLTYPE_CIPSOV6", 5: "NETLBL_NLTYPE_UNLABELED", 6: "NETLBL_NLTYPE_ADDRSELECT", 7: "NETLBL_NLTYPE_CALIPSO",
}

// nlblMgmtAttrs: NLBL_MGMT_A_ADDRSELECTOR and NLBL_MGMT_A_SELECTORLIST
// nest the set itself (filled by init).
var nlblMgmtAttrs = &AttrSet{Name: "NLBL_MGMT_A"}

func init() {
	nlblMgmtAttrs.Attrs = map[uint16]*AttrSpec{
		1:  {Name: "NLBL_MGMT_A_DOMAIN", Kind: KindString},
		2:  {Name: "NLBL_MGMT_A_PROTOCOL", Kind: KindU32, Enum: netlblTypeNames},
		3:  {Name: "NLBL_MGMT_A_VERSION", Kind: KindU32},
		4:  {Name: "NLBL_MGMT_A_CV4DOI", Kind: KindU32},
		5:  {Name: "NLBL_MGMT_A_IPV6ADDR", Kind: KindAddr},
		6:  {Name: "NLBL_MGMT_A_IPV6MASK", Kind: KindAddr},
		7:  {Name: "NLBL_MGMT_A_IPV4ADDR", Kind: KindAddr},
		8:  {Name: "NLBL_MGMT_A_IPV4MASK", Kind: KindAddr},
		9:  {Name: "NLBL_MGMT_A_ADDRSELECTOR", Kind: KindNested, Nested: nlblMgmtAttrs},
		10: {Name: "NLBL_MGMT_A_SELECTORLIST", Kind: KindNested, Nested: nlblMgmtAttrs},
		11: {Name: "NLBL_MGMT_A_FAMILY", Kind: KindU16, Enum: rtnlAFNames},
		12: {Name: "NLBL_MGMT_A_CLPDOI", Kind: KindU32},
	}
	nlblCipsoV4Attrs.Attrs = map[uint16]*AttrSpec{
		1:  {Name: "NLBL_CIPSOV4_A_DOI", Kind: KindU32},
		2:  {Name: "NLBL_CIPSOV4_A_MTYPE", Kind: KindU32, Enum: cipsoV4MapNames},
		3:  {Name: "NLBL_CIPSOV4_A_TAG", Kind: KindU8, Enum: cipsoV4TagNames},
		4:  {Name: "NLBL_CIPSOV4_A_TAGLST", Kind: KindNested, Nested: nlblCipsoV4Attrs},
		5:  {Name: "NLBL_CIPSOV4_A_MLSLVLLOC", Kind: KindU32},
		6:  {Name: "NLBL_CIPSOV4_A_MLSLVLREM", Kind: KindU32},
		7:  {Name: "NLBL_CIPSOV4_A_MLSLVL", Kind: KindNested, Nested: nlblCipsoV4Attrs},
		8:  {Name: "NLBL_CIPSOV4_A_MLSLVLLST", Kind: KindNested, Nested: nlblCipsoV4Attrs},
		9:  {Name: "NLBL_CIPSOV4_A_MLSCATLOC", Kind: KindU32},
		10: {Name: "NLBL_CIPSOV4_A_MLSCATREM", Kind: KindU32},
		11: {Name: "NLBL_CIPSOV4_A_MLSCAT", Kind: KindNested, Nested: nlblCipsoV4Attrs},
		12: {Name: "NLBL_CIPSOV4_A_MLSCATLST", Kind: KindNested, Nested: nlblCipsoV4Attrs},
	}
}

// netlabel_cipso_v4.h (the lists nest the set itself, filled by init):
//
//	NLBL_CIPSOV4_A_DOI,	  /* (NLA_U32) the DOI value */
//	NLBL_CIPSOV4_A_MTYPE,	  /* (NLA_U32) the mapping table type (CIPSO_V4_MAP_*) */
//	NLBL_CIPSOV4_A_TAG,	  /* (NLA_U8) a CIPSO tag type, within a NLBL_CIPSOV4_A_TAGLST */
//	NLBL_CIPSOV4_A_TAGLST,	  /* (NLA_NESTED) the CIPSO tag list for the DOI */
//	NLBL_CIPSOV4_A_MLSLVLLOC, /* (NLA_U32) the local MLS sensitivity level */
//	NLBL_CIPSOV4_A_MLSLVLREM, /* (NLA_U32) the remote MLS sensitivity level */
//	NLBL_CIPSOV4_A_MLSLVL,	  /* (NLA_NESTED) a MLS sensitivity level mapping */
//	NLBL_CIPSOV4_A_MLSLVLLST, /* (NLA_NESTED) the CIPSO level mappings */
//	NLBL_CIPSOV4_A_MLSCATLOC, /* (NLA_U32) the local MLS category */
//	NLBL_CIPSOV4_A_MLSCATREM, /* (NLA_U32) the remote MLS category */
//	NLBL_CIPSOV4_A_MLSCAT,	  /* (NLA_NESTED) a MLS category mapping */
//	NLBL_CIPSOV4_A_MLSCATLST, /* (NLA_NESTED) the CIPSO category mappings */
//
// include/net/cipso_ipv4.h:
//
//	#define CIPSO_V4_TAG_RBITMAP          1
//	#define CIPSO_V4_TAG_ENUM             2
//	#define CIPSO_V4_TAG_RANGE            5
//	#define CIPSO_V4_TAG_PBITMAP          6
//	#define CIPSO_V4_TAG_FREEFORM         7
//	#define CIPSO_V4_TAG_LOCAL            128
//	#define CIPSO_V4_MAP_UNKNOWN          0
//	#define CIPSO_V4_MAP_TRANS            1
//	#define CIPSO_V4_MAP_PASS             2
//	#define CIPSO_V4_MAP_LOCAL            3
var (
	nlblCipsoV4Attrs = &AttrSet{Name: "NLBL_CIPSOV4_A"}
	cipsoV4MapNames  = map[uint64]string{0: "CIPSO_V4_MAP_UNKNOWN", 1: "CIPSO_V4_MAP_TRANS", 2: "CIPSO_V4_MAP_PASS", 3: "CIPSO_V4_MAP_LOCAL"}
	cipsoV4TagNames  = map[uint64]string{0: "CIPSO_V4_TAG_INVALID", 1: "CIPSO_V4_TAG_RBITMAP", 2: "CIPSO_V4_TAG_ENUM",
		5: "CIPSO_V4_TAG_RANGE", 6: "CIPSO_V4_TAG_PBITMAP", 7: "CIPSO_V4_TAG_FREEFORM", 128: "CIPSO_V4_TAG_LOCAL"}
)

// netlabel_calipso.h; include/net/calipso.h:
//
//	NLBL_CALIPSO_A_DOI,	/* (NLA_U32) the DOI value */
//	NLBL_CALIPSO_A_MTYPE,	/* (NLA_U32) the mapping table type (CALIPSO_MAP_*) */
//
//	#define CALIPSO_MAP_UNKNOWN          0
//	#define CALIPSO_MAP_PASS             2
var nlblCalipsoAttrs = &AttrSet{Name: "NLBL_CALIPSO_A", Attrs: map[uint16]*AttrSpec{
	1: {Name: "NLBL_CALIPSO_A_DOI", Kind: KindU32},
	2: {Name: "NLBL_CALIPSO_A_MTYPE", Kind: KindU32, Enum: map[uint64]string{0: "CALIPSO_MAP_UNKNOWN", 2: "CALIPSO_MAP_PASS"}},
}}

// netlabel_unlabeled.h (NLBL_UNLABEL_A_SECCTX is the LSM's context string,
// "system_u:object_r:...:s0" for SELinux):
//
//	NLBL_UNLABEL_A_ACPTFLG,	 /* (NLA_U8) if true then unlabeled packets are allowed to pass */
//	NLBL_UNLABEL_A_IPV6ADDR, /* (NLA_BINARY, struct in6_addr) an IPv6 address */
//	NLBL_UNLABEL_A_IPV6MASK, /* (NLA_BINARY, struct in6_addr) an IPv6 address mask */
//	NLBL_UNLABEL_A_IPV4ADDR, /* (NLA_BINARY, struct in_addr) an IPv4 address */
//	NLBL_UNLABEL_A_IPV4MASK, /* (NLA_BINARY, struct in_addr) and IPv4 address mask */
//	NLBL_UNLABEL_A_IFACE,	 /* (NLA_NULL_STRING) network interface */
//	NLBL_UNLABEL_A_SECCTX,	 /* (NLA_BINARY) a LSM specific security context */
var nlblUnlabelAttrs = &AttrSet{Name: "NLBL_UNLABEL_A", Attrs: map[uint16]*AttrSpec{
	1: {Name: "NLBL_UNLABEL_A_ACPTFLG", Kind: KindU8},
	2: {Name: "NLBL_UNLABEL_A_IPV6ADDR", Kind: KindAddr},
	3: {Name: "NLBL_UNLABEL_A_IPV6MASK", Kind: KindAddr},
	4: {Name: "NLBL_UNLABEL_A_IPV4ADDR", Kind: KindAddr},
	5: {Name: "NLBL_UNLABEL_A_IPV4MASK", Kind: KindAddr},
	6: {Name: "NLBL_UNLABEL_A_IFACE", Kind: KindString},
	7: {Name: "NLBL_UNLABEL_A_SECCTX", Kind: KindString},
}}
