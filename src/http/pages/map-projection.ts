// The Asia frame of the member map: an equirectangular projection of a fixed lon/lat window, and the
// land outline inside it from the world-atlas package (Natural Earth 1:50m land, TopoJSON), read from
// node_modules once per process. No tiles and no network: the outline is an SVG path.

import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';
import type { GeometryObject, Topology } from 'topojson-specification';

/** The window shown: longitudes 60°E–150°E, latitudes 12°S–62°N (every member city with room for labels). */
export const FRAME = { west: 60, east: 150, south: -12, north: 62 } as const;
/** Pixels per degree of latitude; longitude is scaled by cos(25°) so mid-latitude shapes look right. */
const SCALE = 8;
const LON_FACTOR = Math.cos((25 * Math.PI) / 180);

export const MAP_WIDTH = Math.round((FRAME.east - FRAME.west) * SCALE * LON_FACTOR);
export const MAP_HEIGHT = (FRAME.north - FRAME.south) * SCALE;

/** SVG coordinates (px, y down) of a WGS84 position. */
export function project(lon: number, lat: number): [number, number] {
  return [(lon - FRAME.west) * SCALE * LON_FACTOR, (FRAME.north - lat) * SCALE];
}

const MIN_STEP = 2.5;

let outline: Promise<string> | undefined;

/** The land outline within the frame as one SVG path `d` (rings outside the frame dropped; the SVG clips the rest). */
export function asiaOutline(): Promise<string> {
  return (outline ??= (async () => {
    const require = createRequire(import.meta.url);
    const topology = JSON.parse(await readFile(require.resolve('world-atlas/land-50m.json'), 'utf8')) as Topology;
    const land = feature(topology, topology.objects.land as GeometryObject);
    const polygons: number[][][][] = [];
    for (const f of 'features' in land ? land.features : [land]) {
      const g = f.geometry;
      if (g?.type === 'Polygon') polygons.push(g.coordinates);
      else if (g?.type === 'MultiPolygon') polygons.push(...g.coordinates);
    }
    const parts: string[] = [];
    for (const polygon of polygons) {
      for (const ring of polygon) {
        if (
          !ring.some(
            ([lon, lat]) =>
              lon >= FRAME.west - 5 && lon <= FRAME.east + 5 && lat >= FRAME.south - 5 && lat <= FRAME.north + 5,
          )
        )
          continue;
        // Keep a point only when it is at least MIN_STEP px from the last one kept: the 1:50m detail
        // (some 250 kB of path) shrinks to what the picture can show.
        let d = '';
        let kept = 0;
        let lx = NaN;
        let ly = NaN;
        for (const [lon, lat] of ring) {
          const [x, y] = project(lon, lat);
          if (Math.hypot(x - lx, y - ly) < MIN_STEP) continue;
          d += `${kept ? 'L' : 'M'}${Math.round(x)} ${Math.round(y)}`;
          kept++;
          lx = x;
          ly = y;
        }
        if (kept > 3) parts.push(d + 'Z');
      }
    }
    return parts.join('');
  })());
}
