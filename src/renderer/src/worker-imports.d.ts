// Vite's inline worker imports (the worker's code becomes a Blob URL: works from file:// in Electron too).
declare module '*?worker&inline' {
  const WorkerConstructor: { new (): Worker };
  export default WorkerConstructor;
}
