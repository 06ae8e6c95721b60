// dt-sql-parser 4.x ships ES modules that import folders and extension-less files, which Node's ES module loader
// refuses (ERR_UNSUPPORTED_DIR_IMPORT). This resolve hook retries such imports as <path>.js and <path>/index.js.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_UNSUPPORTED_DIR_IMPORT' && error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    for (const suffix of ['.js', '/index.js']) {
      try {
        return await next(specifier + suffix, context);
      } catch {
        // try the next form
      }
    }
    throw error;
  }
}
