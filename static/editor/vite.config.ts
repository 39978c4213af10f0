/// <reference types="vitest/config" />
// Builds the editor into dist/ with fixed file names (editor.js, editor.css; charts.js) that the
// Django template links from /static/editor/dist/; the page adds a ?v= cache buster.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react()],
  base: "/static/editor/dist/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: true,
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      // Two entries: the editor, and the Chart.js pages (analytics, overview) in charts.js.
      // The audiences pages' segment editor in audiences.js (the condition builder, no React Flow).
      input: { editor: "src/main.tsx", charts: "src/charts/main.ts", audiences: "src/audiences/main.tsx",
        health: "src/health/main.ts" },
      output: {
        entryFileNames: "[name].js",
        chunkFileNames: "editor-[name]-[hash].js",
        assetFileNames: "editor[extname]",
      },
    },
  },
  test: {
    environment: "node",
    include: ["tests/**/*.test.ts"],
  },
});
