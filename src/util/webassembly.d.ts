// The part of the WebAssembly JS API precis uses (the Node 20 type definitions do not
// declare the global; Node itself has it).
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number });
    readonly buffer: ArrayBuffer;
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, Memory | ((...args: number[]) => number)>>);
    readonly exports: Record<string, unknown>;
  }
}
