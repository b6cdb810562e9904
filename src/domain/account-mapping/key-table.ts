/**
 * Distinct string keys numbered 0, 1, 2, … in the order they were first added: a hash table for
 * the account map's million keys that keeps them out of the garbage-collected heap.
 *
 * A `Map<string, …>` of a million fresh strings costs a heap object (or two: a substring keeps the
 * string it was cut from) per key, which the garbage collector copies and walks again and again
 * while the map grows. Here the keys' characters live in one growing `Uint16Array`, and the table is
 * open addressing with linear probing over an `Int32Array`, so a key costs no object at all and a
 * lookup touches two or three arrays. Keys are compared character by character (UTF-16 code
 * units), so any string works; a key string is rebuilt only when it is asked for (`keyAt`).
 */
export class KeyTable {
  private readonly text = new CharArena();
  /** Number of keys. */
  size = 0;
  /** Slot → key number + 1 (0 = empty). Its length is a power of two, at least twice `size`. */
  private slots = new Int32Array(1 << 10);
  /** Key number → hash of the key. */
  private hashes = new Int32Array(1 << 9);
  /** Key number → offset of its first character in `text`; `starts[size]` is the end of the last key. */
  private starts = new Int32Array((1 << 9) + 1);

  /** The key's number, or -1 when it has not been added. */
  find(key: string): number {
    const hash = hashOf(key);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) return -1;
      if (this.hashes[entry - 1] === hash && this.equals(entry - 1, key)) return entry - 1;
    }
  }

  /** The key's number, adding the key (as number `size`) when it is new. */
  add(key: string): number {
    const hash = hashOf(key);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]!;
      if (entry === 0) break;
      if (this.hashes[entry - 1] === hash && this.equals(entry - 1, key)) return entry - 1;
    }
    const index = this.size;
    if (index + 1 >= this.hashes.length) this.growKeys();
    this.starts[index + 1] = this.text.append(key) + key.length;
    this.hashes[index] = hash;
    this.size = index + 1;
    if (this.size * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.slots[slot] = index + 1;
    return index;
  }

  /** The key numbered `index`. */
  keyAt(index: number): string {
    return this.text.slice(this.starts[index]!, this.starts[index + 1]!);
  }

  private equals(index: number, key: string): boolean {
    return this.text.equals(this.starts[index]!, this.starts[index + 1]!, key);
  }

  private growKeys(): void {
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    this.hashes = hashes;
    const starts = new Int32Array(hashes.length + 1);
    starts.set(this.starts);
    this.starts = starts;
  }

  /** Every key into a table of `capacity` slots (by the hashes kept, so no key is read again). */
  private rehash(capacity: number): void {
    const slots = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let index = 0; index < this.size; index++) {
      let slot = this.hashes[index]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }
}

/**
 * Strings kept as UTF-16 code units in one growing array instead of as heap objects: `append`
 * gives the offset a string starts at, and `slice` rebuilds it.
 */
export class CharArena {
  private chars = new Uint16Array(1 << 13);
  private length = 0;

  /** Appends `text`; returns where it starts (it ends at that plus `text.length`). */
  append(text: string): number {
    const start = this.length;
    if (start + text.length > this.chars.length) {
      let size = this.chars.length * 2;
      while (size < start + text.length) size *= 2;
      const chars = new Uint16Array(size);
      chars.set(this.chars);
      this.chars = chars;
    }
    const chars = this.chars;
    for (let i = 0, at = start; i < text.length; i++, at++) chars[at] = text.charCodeAt(i);
    this.length = start + text.length;
    return start;
  }

  slice(start: number, end: number): string {
    // In pieces: a long text could exceed the number of arguments a call may take.
    let text = '';
    for (let from = start; from < end; from += 4096) text += fromCharCodes(this.chars.subarray(from, Math.min(end, from + 4096)));
    return text;
  }

  equals(start: number, end: number, text: string): boolean {
    if (end - start !== text.length) return false;
    const chars = this.chars;
    for (let i = 0, at = start; i < text.length; i++, at++) if (chars[at] !== text.charCodeAt(i)) return false;
    return true;
  }
}

/** `String.fromCharCode` over a typed array, without an iterator (which `...` would use). */
const fromCharCodes = (codes: Uint16Array): string => String.fromCharCode.apply(null, codes as unknown as number[]);

/** FNV-1a over the UTF-16 code units, then murmur3's finaliser so that the low bits (the slot) are well mixed. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
