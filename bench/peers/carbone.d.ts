// Just what the peer bench uses of Carbone 3 (the package ships no types).
declare module 'carbone' {
  interface RenderOptions { convertTo?: string }
  const carbone: {
    set(options: { tempPath?: string; renderPath?: string; factories?: number; startFactory?: boolean }): void;
    render(templatePath: string, data: object, options: RenderOptions, callback: (err: unknown, result: Buffer) => void): void;
  };
  export default carbone;
}
declare module 'carbone/lib/converter.js' {
  const converter: { exit(callback?: () => void): void };
  export default converter;
}
