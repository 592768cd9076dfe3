#!/usr/bin/env node
import 'reflect-metadata';
import { startAccounting } from './start-accounting.js';

await startAccounting();
