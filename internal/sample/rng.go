package sample

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// Randomness. Every random choice comes either from a *rand.Rand that the
// plan or one file owns, seeded from (seed, file index), or from hashing
// (seed, names…) for identifiers that several files must agree on, such as
// the access key an instance holds between two credential rotations. No
// state is shared between goroutines, so the output does not depend on how
// the files are spread over workers.

// mix64 is the splitmix64 finaliser: a fast, well-spread 64-bit hash step.
func mix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hashString is FNV-1a, used to turn names into numbers for hashOf.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// hashOf combines the seed with any number of parts into one hash.
func hashOf(seed int64, parts ...uint64) uint64 {
	h := mix64(uint64(seed))
	for _, p := range parts {
		h = mix64(h ^ p)
	}
	return h
}

// newRand returns a generator for one stream of choices (the plan, or one
// output file). PCG is small and fast, and two different streams never
// share state.
func newRand(seed int64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(mix64(uint64(seed)), mix64(stream^0x5bd1e9955bd1e995)))
}

// base32Upper is the alphabet of AWS access key ids and principal ids.
const base32Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// awsID returns prefix followed by n characters of base32Upper derived from
// h, e.g. awsID("AKIA", h, 16) for an access key id.
func awsID(prefix string, h uint64, n int) string {
	b := make([]byte, 0, len(prefix)+n)
	b = append(b, prefix...)
	seed := h
	for i := 0; i < n; i++ {
		if i > 0 && i%12 == 0 {
			h = mix64(seed + uint64(i)) // 12 characters use 60 bits: take fresh bits
		}
		b = append(b, base32Upper[h&31])
		h >>= 5
	}
	return string(b)
}

// hexID returns prefix followed by n lower-case hex digits derived from h,
// e.g. hexID("i-0", h, 16) for an instance id.
func hexID(prefix string, h uint64, n int) string {
	b := make([]byte, 0, len(prefix)+n)
	b = append(b, prefix...)
	seed := h
	for i := 0; i < n; i++ {
		if i > 0 && i%16 == 0 {
			h = mix64(seed + uint64(i))
		}
		b = append(b, hexDigits[h&15])
		h >>= 4
	}
	return string(b)
}

// alnum is the alphabet of the 16-character unique part of CloudTrail file
// names.
const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// appendAlnum appends n random characters of alnum.
func appendAlnum(b []byte, r *rand.Rand, n int) []byte {
	for i := 0; i < n; i++ {
		b = append(b, alnum[r.IntN(len(alnum))])
	}
	return b
}

// between returns a uniform integer in [lo, hi].
func between(r *rand.Rand, lo, hi int) int {
	return lo + r.IntN(hi-lo+1)
}

// logUniform returns an integer in [lo, hi] whose logarithm is uniform:
// many small values and a long tail, like the sizes of web responses.
func logUniform(r *rand.Rand, lo, hi int64) int64 {
	if hi <= lo {
		return lo
	}
	f := float64(lo) * math.Pow(float64(hi)/float64(lo), r.Float64())
	v := int64(f)
	if v < lo {
		v = lo
	}
	if v > hi {
		v = hi
	}
	return v
}

// pick returns a uniform element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// ephemeralPort is a client port from Linux's default ephemeral range
// (32768–60999). Every client port in the sample is ≥ 32768, which is why
// aws-nonstandard-port can ignore reply traffic with its max_port default.
func ephemeralPort(r *rand.Rand) int { return between(r, 32768, 60999) }

// ipv4 formats four octets.
func ipv4(a, b, c, d int) string {
	buf := make([]byte, 0, 15)
	buf = strconv.AppendInt(buf, int64(a), 10)
	buf = append(buf, '.')
	buf = strconv.AppendInt(buf, int64(b), 10)
	buf = append(buf, '.')
	buf = strconv.AppendInt(buf, int64(c), 10)
	buf = append(buf, '.')
	buf = strconv.AppendInt(buf, int64(d), 10)
	return string(buf)
}

// publicIPv4 draws a random public IPv4 address. It avoids private,
// shared, loopback, link-local and multicast space, and the three
// documentation ranges, which the sample keeps for the named actors of the
// attack (so a random address can never be mistaken for one of them).
func publicIPv4(r *rand.Rand) string {
	for {
		a, b := between(r, 1, 223), r.IntN(256)
		switch {
		case a == 10, a == 127, a == 0,
			a == 172 && b >= 16 && b <= 31,
			a == 192 && b == 168,
			a == 169 && b == 254,
			a == 100 && b >= 64 && b <= 127,
			a == 192 && b == 0,
			a == 198 && (b == 51 || b == 18 || b == 19),
			a == 203 && b == 0:
			continue
		}
		return ipv4(a, b, r.IntN(256), between(r, 1, 254))
	}
}
