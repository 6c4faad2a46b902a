import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shiftStringIndices, sparseParameterGraph, STRING_SHIFT } from '../../scripts/prisma-graph.ts';

/** The graph decoded as Prisma's runtime decodes it (runtime/client.js `deserialize`), names resolved through `strings`. */
function decode(graph: string, strings: string[]) {
  const bytes = Buffer.from(graph, 'base64url');
  let at = 0;
  const varint = () => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++]!;
      value |= (byte & 127) << shift;
      shift += 7;
    } while (byte >= 128);
    return value;
  };
  const optional = () => {
    const value = varint();
    return value === 0 ? undefined : value - 1;
  };
  const [inputs, outputs, roots] = [varint(), varint(), varint()];
  const inputNodes = Array.from({ length: inputs }, () =>
    Array.from({ length: varint() }, () => {
      const name = strings[varint()];
      const scalarMask = bytes[at]! | (bytes[at + 1]! << 8);
      at += 2;
      const child = optional();
      const enumName = optional();
      return { name, scalarMask, child, enumName: enumName === undefined ? undefined : strings[enumName], flags: bytes[at++] };
    }),
  );
  const outputNodes = Array.from({ length: outputs }, () => Array.from({ length: varint() }, () => ({ name: strings[varint()], args: optional(), output: optional() })));
  const rootList = Array.from({ length: roots }, () => ({ name: strings[varint()], args: optional(), output: optional() }));
  return { inputNodes, outputNodes, roots: rootList, rest: bytes.length - at };
}

/** Encodes the runtime's format from the decoded shape above (names as indices), for a graph of the test's own. */
function encode(inputs: number[][][], outputs: number[][][], roots: number[][]): string {
  const out: number[] = [];
  const varint = (value: number) => {
    let rest = value;
    while (rest >= 128) {
      out.push((rest & 127) | 128);
      rest >>>= 7;
    }
    out.push(rest);
  };
  varint(inputs.length);
  varint(outputs.length);
  varint(roots.length);
  for (const node of inputs) {
    varint(node.length);
    for (const [name, mask, child, enumName, flags] of node) {
      varint(name!);
      out.push(mask! & 255, mask! >> 8);
      varint(child!);
      varint(enumName!);
      out.push(flags!);
    }
  }
  for (const node of outputs) {
    varint(node.length);
    for (const [name, args, output] of node) [name!, args!, output!].forEach(varint);
  }
  for (const [name, args, output] of roots) [name!, args!, output!].forEach(varint);
  return Buffer.from(out).toString('base64url');
}

describe('the parameterization graph, names moved up', () => {
  // Indices past 127 take two varint bytes: names at 200 and 300 check a value changing length when moved.
  const strings = Array.from({ length: 400 }, (_, i) => `s${i}`);
  const graph = encode(
    [
      [
        [0, 0x1ff, 2, 0, 33],
        [300, 1, 0, 201, 2],
      ],
      [[5, 0, 1, 0, 1]],
    ],
    [[[200, 1, 0], [7, 0, 2]]],
    [[1, 1, 1], [399, 0, 2]],
  );

  it('means the same: every name, enum name, node id, mask and flag as before', () => {
    const moved = shiftStringIndices(graph, strings.length, STRING_SHIFT);
    const padded = [...new Array<string>(STRING_SHIFT).fill(''), ...strings];
    expect(decode(moved, padded)).toEqual(decode(graph, strings));
    expect(decode(graph, strings).rest).toBe(0);
    expect(decode(graph, strings).inputNodes[1]![0]).toEqual({ name: 's5', scalarMask: 0, child: 0, enumName: undefined, flags: 1 });
  });

  it('refuses a graph that is not the format it reads, or names past the strings', () => {
    expect(() => shiftStringIndices(`${graph}AAAA`, strings.length, STRING_SHIFT)).toThrow(/format changed/);
    expect(() => shiftStringIndices(graph, 300, STRING_SHIFT)).toThrow(/past the 300 strings/);
  });

  it('is applied to both generated clients, whose strings and graph still agree', () => {
    for (const provider of ['sqlite', 'postgresql']) {
      const source = readFileSync(new URL(`../../src/db/generated/${provider}/internal/class.ts`, import.meta.url), 'utf8');
      expect(sparseParameterGraph(source)).toBe(source);
      const strings = new Function(`return ${/strings: (\[\.\.\.new Array<string>\(\d+\)\.fill\(''\), \.\.\.JSON\.parse\(.*\)\]),\n/.exec(source)![1]!.replace('<string>', '')}`)() as string[];
      const graph = /\n\s*graph: "([A-Za-z0-9_-]*)"\n\}/.exec(source)![1]!;
      const decoded = decode(graph, strings);
      expect(decoded.rest).toBe(0);
      expect(decoded.roots.map((r) => r.name)).toContain('Task.findMany');
      expect(decoded.inputNodes.flat().every((edge) => edge.name !== undefined && edge.name !== '')).toBe(true);
    }
  });
});
