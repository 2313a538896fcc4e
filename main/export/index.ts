// Headless export of the anatomy picture (SVG and PNG), for the CLI and the app.

export { renderSvg, type RenderSvgOptions } from './svg.ts';
export { renderPng, renderPixels, type RenderPngOptions, type RenderedPixels } from './png.ts';
