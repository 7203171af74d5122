// A module Worker that says whether workerd offers node:crypto: portable.test.ts checks the
// premise that the workerd it runs the suite in has no Node.js compatibility.
/** @type {{ fetch(): Promise<Response> }} */
const worker = {
  async fetch() {
    try {
      await import('node:crypto');
      return Response.json({ nodeCrypto: 'available' });
    } catch (error) {
      return Response.json({ nodeCrypto: error instanceof Error ? error.message : String(error) });
    }
  },
};

export default worker;
