// Types of main-flags.mjs, which bin.mjs imports as plain JavaScript.
export declare const MAIN_V8_FLAGS: readonly string[];
export declare const ELECTRON_JS_FLAGS: string;
export declare function missingMainFlags(execArgv?: readonly string[], nodeOptions?: string): string[];
export declare function canRestartInPlace(): boolean;
export declare function restartWithMainFlags(): void;
export declare const LIMIT_WITH_64_MIB_SEMI_SPACES: number;
export declare function youngGenerationAsAsked(heapLimit?: number, execArgv?: readonly string[], nodeOptions?: string): boolean;
