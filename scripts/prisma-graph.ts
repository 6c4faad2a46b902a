// The generated client's parameterization graph, rewritten so that Prisma's runtime decodes it into less memory
// (applied to the generated clients with compilerOnce, by scripts/prisma-generate.ts).
//
// The runtime (@prisma/client 7.10, `deserialize` in runtime/client.js) decodes the graph once per client into
// one object per node, `edges`, keyed by the index of each edge's name in `strings`: `edges[37] = …`. V8 keeps
// integer keys as an array sized to the largest one, so a node with a dozen edges whose names sit at indices up to
// ~700 held an array of ~700 slots: 1,344 such arrays, 3.9 MB of the bot's ~28 MB live heap, marked by every full
// GC. A first key 1,024 or more past an object's elements (V8's kMaxGap) makes V8 keep them in a dictionary sized to
// the edges instead; so 1,024 empty strings are put in front of `strings` and every index into it moves up by as
// many. The graph means the same (each name, and so each lookup by name, is unchanged).
//
// The format, as the runtime reads it (base64url): varints inputNodeCount, outputNodeCount, rootCount; per input
// node a varint edge count, then per edge varint name, uint16 (LE) scalar mask, varint childNodeId + 1, varint
// enumNameIndex + 1 (a string), uint8 flags; per output node a varint edge count, then per edge varint name, varint
// argsNodeId + 1, varint outputNodeId + 1; per root varint name, varint argsNodeId + 1, varint outputNodeId + 1.
// (+ 1: 0 is none.)

/** V8's JSObject::kMaxGap: a first integer key this far past an object's elements gives it dictionary elements. */
export const STRING_SHIFT = 1024;

class Reader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  varint(): number {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      if (this.at >= this.bytes.length) throw new Error('prisma-graph: the graph ends inside a value');
      byte = this.bytes[this.at++]!;
      value |= (byte & 127) << shift;
      shift += 7;
    } while (byte >= 128);
    return value;
  }
  u8(): number {
    if (this.at >= this.bytes.length) throw new Error('prisma-graph: the graph ends inside a value');
    return this.bytes[this.at++]!;
  }
  u16(): number {
    return this.u8() | (this.u8() << 8);
  }
  get done(): boolean {
    return this.at === this.bytes.length;
  }
}

class Writer {
  private readonly bytes: number[] = [];
  varint(value: number): void {
    let rest = value;
    while (rest >= 128) {
      this.bytes.push((rest & 127) | 128);
      rest >>>= 7;
    }
    this.bytes.push(rest);
  }
  u8(value: number): void {
    this.bytes.push(value);
  }
  u16(value: number): void {
    this.bytes.push(value & 255, value >> 8);
  }
  base64url(): string {
    return Buffer.from(this.bytes).toString('base64url');
  }
}

/** The graph with every index into `strings` moved up by `by` (a name, an enum's name index: never 0, which is none). */
export function shiftStringIndices(graph: string, stringCount: number, by: number): string {
  const read = new Reader(Buffer.from(graph, 'base64url'));
  const write = new Writer();
  const name = () => {
    const index = read.varint();
    if (index >= stringCount) throw new Error(`prisma-graph: string index ${index} past the ${stringCount} strings`);
    write.varint(index + by);
  };
  const copy = () => write.varint(read.varint());
  const [inputs, outputs, roots] = [read.varint(), read.varint(), read.varint()];
  write.varint(inputs);
  write.varint(outputs);
  write.varint(roots);
  for (let node = 0; node < inputs; node++) {
    const edges = read.varint();
    write.varint(edges);
    for (let edge = 0; edge < edges; edge++) {
      name();
      write.u16(read.u16());
      copy();
      const enumName = read.varint();
      write.varint(enumName === 0 ? 0 : enumName + by);
      write.u8(read.u8());
    }
  }
  for (let node = 0; node < outputs; node++) {
    const edges = read.varint();
    write.varint(edges);
    for (let edge = 0; edge < edges; edge++) {
      name();
      copy();
      copy();
    }
  }
  for (let root = 0; root < roots; root++) {
    name();
    copy();
    copy();
  }
  // Bytes left over: the format is not the one read above (a Prisma upgrade), and the rewrite would be wrong.
  if (!read.done) throw new Error('prisma-graph: the graph has more than its header says (the format changed)');
  return write.base64url();
}

const SCHEMA = /config\.parameterizationSchema = \{\n(\s*)strings: JSON\.parse\(("(?:[^"\\]|\\.)*")\),\n\s*graph: "([A-Za-z0-9_-]*)"\n\}/;

/**
 * A generated client's internal/class.ts with its parameterization graph rewritten (see above). Throws when the
 * generated code is not the expected one (a Prisma upgrade changed it); a client already rewritten is returned as
 * it is.
 */
export function sparseParameterGraph(classSource: string): string {
  if (classSource.includes('sparseParameterGraph')) return classSource;
  const match = SCHEMA.exec(classSource);
  if (!match) throw new Error('prisma-graph: the generated client no longer holds its parameterization graph as expected (see sparseParameterGraph)');
  const [whole, indent, stringsLiteral, graph] = match as unknown as [string, string, string, string];
  const strings = JSON.parse(JSON.parse(stringsLiteral) as string) as string[];
  const shifted = shiftStringIndices(graph, strings.length, STRING_SHIFT);
  const replacement = [
    'config.parameterizationSchema = {',
    `${indent}// sparseParameterGraph (scripts/prisma-graph.ts): names moved up by ${STRING_SHIFT}, so each node's edges are a dictionary.`,
    `${indent}strings: [...new Array<string>(${STRING_SHIFT}).fill(''), ...JSON.parse(${stringsLiteral})],`,
    `${indent}graph: "${shifted}"`,
    '}',
  ].join('\n');
  return classSource.replace(whole, () => replacement);
}
