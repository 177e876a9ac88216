package jsonv

import (
	"encoding/json"
	"testing"
)

// Decoding keeps key order and number text, and encoding writes them back.
func TestDecodeKeepsOrderAndNumbers(t *testing.T) {
	in := `{"z":1,"a":[1.0,2e3,{"y":null,"b":true}],"m":"s","z":5}`
	v, err := Decode([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	o := v.(*Object)
	if len(o.Keys) != 3 || o.Keys[0] != "z" || o.Keys[1] != "a" || o.Keys[2] != "m" {
		t.Errorf("keys = %v", o.Keys)
	}
	if z, _ := o.Get("z"); z != Number("5") {
		t.Errorf("duplicate key: z = %v, want the last value 5", z)
	}
	out, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != `{"z":5,"a":[1.0,2e3,{"y":null,"b":true}],"m":"s"}` {
		t.Errorf("marshal = %s", out)
	}
	if !Number("5").IsInt() || Number("5.0").IsInt() {
		t.Error("IsInt")
	}
	o.Delete("a")
	if o.Len() != 2 {
		t.Errorf("after Delete: %v", o.Keys)
	}
	for _, bad := range []string{`{"a":1} x`, `{"a":`, `[1,]`} {
		if _, err := Decode([]byte(bad)); err == nil {
			t.Errorf("Decode(%q) accepted", bad)
		}
	}
}
