/**
 * The workflow bundler's logger everywhere a bundle is built (the service build, the bench, the test
 * suite, the chaos run): its warnings and errors only, as its progress lines would bury the output.
 */
export const quietBundler = { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error };
