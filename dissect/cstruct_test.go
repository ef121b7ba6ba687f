package dissect

import "testing"

func TestSockaddrString(t *testing.T) {
	in6 := make([]byte, 128) // struct sockaddr_storage holding a sockaddr_in6
	le.PutUint16(in6, 10)
	in6[2], in6[3] = 0x1f, 0x90 // sin6_port 8080
	copy(in6[8:], []byte{0x20, 0x01, 0x0d, 0xb8, 15: 1})
	in := make([]byte, 128)
	le.PutUint16(in, 2)
	in[2], in[3] = 0x13, 0x88
	copy(in[4:], []byte{192, 0, 2, 1})
	other := make([]byte, 8)
	le.PutUint16(other, 1) // AF_UNIX
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"inet", in, "192.0.2.1:5000"},
		{"inet6", in6, "[2001:db8::1]:8080"},
		{"unspec", make([]byte, 128), ""},
		{"other family", other, "0100000000000000"},
		{"short", []byte{2, 0}, "0200"},
		{"short inet6", in6[:20], hexString(in6[:20])},
	} {
		if got := sockaddrString(c.b, le); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
