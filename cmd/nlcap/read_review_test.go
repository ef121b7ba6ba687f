package main

import (
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"

	"github.com/nlcap/nlcap"
)

// nla returns a little-endian struct nlattr and payload, padded to 4.
func nla(typ uint16, payload ...byte) []byte {
	le := binary.LittleEndian
	b := le.AppendUint16(nil, uint16(4+len(payload)))
	b = le.AppendUint16(b, typ)
	b = append(b, payload...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// msg returns a little-endian message of type typ and flags with body,
// nlmsg_len set.
func msg(typ, flags uint16, body ...[]byte) []byte {
	var b []byte
	for _, x := range body {
		b = append(b, x...)
	}
	return nlmsg(uint32(16+len(b)), typ, flags, b...)
}

var ifi = []byte{0, 0, 1, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0} // ifinfomsg: ARPHRD_ETHER, index 2, IFF_UP

// TestReadReviewDefects checks the fixes of a review of nlcap -r, each on a
// record built as in the review's reproduction files.
func TestReadReviewDefects(t *testing.T) {
	const nested = 0x8000
	u32 := func(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }
	badAttr := append(append([]byte{1, 1, 0, 0}, nla(1, 'a', 'b', 'c', 'd')...), 2, 0, 2, 0, 0, 0)
	req := msg(16, 0x605, ifi, nla(3, 'v', '0', 0))
	tests := []struct {
		name string
		rec  []byte
		args []string
		want []string // in the output
		not  []string // not in the output
	}{
		{"genl bad attribute", cookedFamily(nlcap.FamilyGeneric, msg(0x99, 0, badAttr)...), []string{"-v"},
			[]string{"attr 1: 61626364\n", "attr 2 len 2 [malformed: attribute length 2 < 4]", "len 34 [malformed: attribute: attribute length 2 < 4]"},
			[]string{"trailing"}},
		{"genl bad attribute one-line", cookedFamily(nlcap.FamilyGeneric, msg(0x99, 0, badAttr)...), nil,
			[]string{"len 34 [malformed: attribute: attribute length 2 < 4]"}, nil},
		{"genl bad attribute json", cookedFamily(nlcap.FamilyGeneric, msg(0x99, 0, badAttr)...), []string{"--json"},
			[]string{`"attrs":[{"offset":20,"len":8,"type":1,"value":"61626364"},{"offset":28,"len":2,"type":2,"problem":"attribute length 2 < 4"}]`,
				`"problem":"attribute: attribute length 2 < 4"`}, []string{`"trailing"`}},
		{"summary escaped", cooked(msg(16, 0, ifi, nla(3, []byte("ev\x1b[31m\xc2\x9b\xff\n\x00")...))...), nil,
			[]string{`ifindex 2 ev\x1b[31m\u009b\xff\x0a up`}, nil},
		{"unexpected nested", cooked(msg(16, 0, ifi, nla(18|nested, nla(1|nested, 'd', 'u', 'm', 'm', 'y', 0)...))...), []string{"-vv"},
			[]string{`IFLA_INFO_KIND (unexpected NLA_F_NESTED): "dummy"`, "ifindex 2 dummy up"}, []string{"{}"}},
		{"unexpected nested json", cooked(msg(16, 0, ifi, nla(18|nested, nla(1|nested, 'd', 'u', 'm', 'm', 'y', 0)...))...), []string{"--json"},
			[]string{`"name":"IFLA_INFO_KIND","unexpected_nested":true,"value":"\"dummy\""`}, []string{`"IFLA_INFO_KIND","nested"`}},
		// A positive value is what the handler returned (the kernel
		// acknowledges it as is), no error and no malformed message.
		{"positive ack value", cooked(msg(2, 0x100, u32(5), req[:16])...), nil,
			[]string{"ACK 5 for RTM_NEWLINK"}, []string{"malformed", "EIO"}},
		{"positive ack value json", cooked(msg(2, 0x100, u32(5), req[:16])...), []string{"--json"},
			[]string{`"error":{"errno":0,"value":5,`, `"value":"5 (positive: the handler's return value, no error)"`}, []string{`"problem"`}},
		{"miss type", cooked(msg(2, 0x300, u32(0xffffffea), req[:16], nla(5, u32(3)...))...), nil,
			[]string{"EINVAL (Invalid argument) for RTM_NEWLINK (missing attribute IFLA_IFNAME)"}, nil},
		{"miss type numeric", cooked(msg(2, 0x300, u32(0xffffffea), req[:16], nla(5, u32(3)...))...), []string{"-n"},
			[]string{"(missing attribute type 3)"}, nil},
		{"miss type json", cooked(msg(2, 0x300, u32(0xffffffea), req[:16], nla(5, u32(3)...))...), []string{"--json"},
			[]string{`"miss_type":3,"miss_type_name":"IFLA_IFNAME"`, `"value":"IFLA_IFNAME (3)"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := writeFile(t, classicPcap(253, tt.rec))
			out, stderr, code := runNlcap(t, append([]string{"-r", file}, tt.args...)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("no %q in\n%s", w, out)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(out, w) {
					t.Errorf("%q in\n%s", w, out)
				}
			}
			if slicesContain(tt.args, "--json") {
				for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
					if !json.Valid([]byte(l)) {
						t.Errorf("invalid JSON %s", l)
					}
				}
			}
		})
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// TestReadNestedStructValue checks that a nest that starts with a struct
// (VETH_INFO_PEER: ifinfomsg) prints its fields in text (-vv) and JSON
// (value and fixed).
func TestReadNestedStructValue(t *testing.T) {
	peer := nla(1, append(append([]byte{}, ifi...), nla(3, 'v', '1', 0)...)...)
	li := nla(18, append(nla(1, 'v', 'e', 't', 'h', 0), nla(2, peer...)...)...)
	file := writeFile(t, classicPcap(253, cooked(msg(16, 0x605, ifi, nla(3, 'v', '0', 0), li)...)))
	out, _, _ := runNlcap(t, "-r", file, "-vv")
	if want := "VETH_INFO_PEER: ifi_family=AF_UNSPEC ifi_type=ARPHRD_ETHER ifi_index=2 ifi_flags=IFF_UP ifi_change=0\n                IFLA_IFNAME: \"v1\""; !strings.Contains(out, want) {
		t.Errorf("no %q in\n%s", want, out)
	}
	js, _, _ := runNlcap(t, "-r", file, "--json")
	if want := `"name":"VETH_INFO_PEER","nested":true,"value":"ifi_family=AF_UNSPEC ifi_type=ARPHRD_ETHER ifi_index=2 ifi_flags=IFF_UP ifi_change=0","fixed":[{"name":"ifi_family","value":"AF_UNSPEC","raw":0},`; !strings.Contains(js, want) {
		t.Errorf("no %q in\n%s", want, js)
	}
}
