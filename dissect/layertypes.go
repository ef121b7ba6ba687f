package dissect

import (
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/nlcap/nlcap"
)

// Layer type numbers. gopacket reserves 1000–1999 for layers defined outside
// its own packages; nlcap uses the block 1250–1269:
//
//	1250  Nlmon      LINKTYPE_NETLINK cooked header
//	1251  Netlink    the netlink messages of one record
//	1252  Genetlink  struct genlmsghdr
//	1253–1269        reserved for nlcap
const (
	layerNumNlmon     = 1250
	layerNumNetlink   = 1251
	layerNumGenetlink = 1252
)

// Layer types of this package, registered with gopacket in init.
var (
	LayerTypeNlmon = gopacket.RegisterLayerType(layerNumNlmon,
		gopacket.LayerTypeMetadata{Name: "Nlmon", Decoder: gopacket.DecodeFunc(decodeNlmon)})
	LayerTypeNetlink = gopacket.RegisterLayerType(layerNumNetlink,
		gopacket.LayerTypeMetadata{Name: "Netlink", Decoder: gopacket.DecodeFunc(decodeNetlink)})
	LayerTypeGenetlink = gopacket.RegisterLayerType(layerNumGenetlink,
		gopacket.LayerTypeMetadata{Name: "Genetlink", Decoder: gopacket.DecodeFunc(decodeGenetlink)})
)

func init() {
	// NB: importing dissect makes gopacket decode LINKTYPE_NETLINK (253),
	// which gopacket itself leaves undefined.
	layers.LinkTypeMetadata[nlcap.LinkTypeNetlink] = layers.EnumMetadata{
		DecodeWith: gopacket.DecodeFunc(decodeNlmon),
		Name:       "Netlink",
		LayerType:  LayerTypeNlmon,
	}
}
