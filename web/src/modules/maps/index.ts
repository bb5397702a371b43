/** What other modules may use from the maps module: the public desa map (for the public page), a region's map (the meeting summary) and the SVG choropleth. */

export { Choropleth, Legend, type MapArea } from './Choropleth';
export { PublicMap } from './PublicMap';
export { RegionMap } from './RegionMap';
