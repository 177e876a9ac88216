package azcli

import (
	"math"
	"testing"

	"github.com/cloudhunt/cloudhunt/internal/jsonv"
)

func TestPyStr(t *testing.T) {
	obj := jsonv.NewObject().Set("k", "it's").Set("n", jsonv.Number("2"))
	tests := []struct {
		in   any
		want string
	}{
		{nil, "None"},
		{true, "True"},
		{false, "False"},
		{"text", "text"},
		{jsonv.Number("57"), "57"},
		{jsonv.Number("-3"), "-3"},
		{jsonv.Number("123456789012345678901234567890"), "123456789012345678901234567890"},
		{jsonv.Number("5.0"), "5.0"},
		{jsonv.Number("5.50"), "5.5"},
		{jsonv.Number("1e3"), "1000.0"},
		{int64(42), "42"},
		{0.1, "0.1"},
		{-0.0 * -1, "0.0"},
		{math.Copysign(0, -1), "-0.0"},
		{0.0001, "0.0001"},
		{0.00001, "1e-05"},
		{1234567890123456.0, "1234567890123456.0"},
		{1e16, "1e+16"},
		{1.5e300, "1.5e+300"},
		{123456789.123, "123456789.123"},
		{math.NaN(), "nan"},
		{math.Inf(-1), "-inf"},
		{[]any{"a", jsonv.Number("1"), nil, true}, "['a', 1, None, True]"},
		{obj, `{'k': "it's", 'n': 2}`},
		{[]any{"tab\there", `back\slash`}, `['tab\there', 'back\\slash']`},
	}
	for _, tt := range tests {
		if got := PyStr(tt.in); got != tt.want {
			t.Errorf("PyStr(%#v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
