/** What other modules may use from the maps module: the public desa map (for the public page) and the SVG choropleth. */

export { Choropleth, Legend, type MapArea } from './Choropleth';
export { PublicMap } from './PublicMap';
