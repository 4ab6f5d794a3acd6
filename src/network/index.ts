/**
 * Road network and travel matrices (public API of src/network).
 *
 * Graph
 *   buildRoadGraph(source: RoadSource): RoadGraph | null      OSM .osm.pbf / .osm XML / GeoJSON → compact CSR graph
 *                                                              (junction nodes, edges with geometry); null for 'none'
 *   roadStats(graph): { nodes, edges, roadKm, components, largestComponentShare }
 *   toGraphology(graph): graphology DirectedGraph              for graphology's algorithms
 *   readOsmPlaces(format, bytes): place=* nodes of an OSM file; readOsmPbf(bytes, visitor): raw PBF nodes/ways
 *
 * Matrices (async: large matrices run on worker threads)
 *   computeTravelMatrix(points, roads | null, options?): Promise<TravelMatrix>
 *   computeTravelNetwork(points, roads | null, options?): Promise<TravelNetwork>   matrix + graph + snaps (for legPath)
 *   scenarioMatrix(scenario, options?) / scenarioNetwork(scenario, options?)      all places, county defaults
 *   straightLineMatrix(points, options?): TravelMatrix        estimate without roads (estimated: true)
 *   legPath(network, fromId, toId): [lon, lat][] | null        leg geometry along the roads (for route GeoJSON)
 *
 * Options (MatrixOptions): detourFactor (1.4), defaultSpeedKmh (40), maxSnapMeters (1000),
 * connectorSpeedKmh (15, place → road), metric ('duration' = fastest | 'distance' = shortest),
 * cacheDir ($GONGPEI_CACHE_DIR or .cache/matrices, limited to $GONGPEI_CACHE_MAX_MB; null = off),
 * threads (main thread included; default all cores when points × junctions ≥ 5 M, else 1), onProgress(fraction).
 *
 * Unreachable places are never given a large number: their matrix entries are Infinity and each has an
 * entry in matrix.unreachable with reason off_road | disconnected | no_route and a human detail.
 */
export type { MatrixPoint, SnapInfo, TravelMatrix, UnreachableInfo } from './types.ts';
export { buildRoadGraph, graphFromWays, roadStats, toGraphology, type RoadGraph, type RoadStats } from './graph.ts';
export { readRoadWays, readOsmPlaces, type OsmPlaceNode, type RoadWays } from './osm.ts';
export { readOsmPbf, type OsmVisitor } from './pbf.ts';
export { SnapIndex, snapIndexOf, type RoadSnap } from './snap.ts';
export {
  computeTravelMatrix,
  computeTravelNetwork,
  straightLineMatrix,
  MATRIX_DEFAULTS,
  type MatrixOptions,
  type TravelNetwork,
} from './matrix.ts';
export { scenarioMatrix, scenarioNetwork, scenarioPoints, scenarioMatrixOptions } from './scenario.ts';
export { legPath, type LonLat } from './legs.ts';
export {
  DEFAULT_SPEED_KMH,
  MAX_VAN_SPEED_KMH,
  classSpeedKmh,
  isVanRoad,
  onewayOf,
  parseMaxspeed,
  roadSpeedKmh,
} from './road-class.ts';
export { haversineM } from './geo.ts';
export { defaultCacheDir } from './cache.ts';
