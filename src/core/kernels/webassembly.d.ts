// The part of the WebAssembly JavaScript API the engine uses. Node, VS Code's Electron and the
// browsers all have it, but TypeScript declares it only in the DOM library, which the Node side
// of this project does not include.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
