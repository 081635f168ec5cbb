;; MinHash kernel for src/fingerprint/iscc/minhash.ts (ISO 24138:2024 Annex, iscc-core minhash.py).
;; Memory: [0, 1024) 64 pairs (a: i64, b: i64); [1024, 1280) 64 running minima (u32);
;; features (u32, little-endian) from the pointer given to `fold`.
;; For each function k and feature f: v = ((a·f + b) mod 2^64 mod (2^61 − 1)) mod 2^32;
;; minima[k] = min(minima[k], v).
(module
  (memory (export "memory") 1)
  (func (export "fold") (param $ptr i32) (param $count i32)
    (local $k i32) (local $a i64) (local $b i64) (local $min i32)
    (local $i i32) (local $end i32) (local $x i64) (local $v i32)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $count) (i32.const 2))))
    (block $functions_done
      (loop $functions
        (br_if $functions_done (i32.ge_u (local.get $k) (i32.const 64)))
        (local.set $a (i64.load (i32.shl (local.get $k) (i32.const 4))))
        (local.set $b (i64.load offset=8 (i32.shl (local.get $k) (i32.const 4))))
        (local.set $min (i32.load offset=1024 (i32.shl (local.get $k) (i32.const 2))))
        (local.set $i (local.get $ptr))
        (block $features_done
          (loop $features
            (br_if $features_done (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $x
              (i64.add
                (i64.mul (local.get $a) (i64.extend_i32_u (i32.load (local.get $i))))
                (local.get $b)))
            (local.set $x
              (i64.add
                (i64.and (local.get $x) (i64.const 0x1fffffffffffffff))
                (i64.shr_u (local.get $x) (i64.const 61))))
            (if (i64.ge_u (local.get $x) (i64.const 0x1fffffffffffffff))
              (then (local.set $x (i64.sub (local.get $x) (i64.const 0x1fffffffffffffff)))))
            (local.set $v (i32.wrap_i64 (local.get $x)))
            (if (i32.lt_u (local.get $v) (local.get $min))
              (then (local.set $min (local.get $v))))
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br $features)))
        (i32.store offset=1024 (i32.shl (local.get $k) (i32.const 2)) (local.get $min))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $functions)))))
