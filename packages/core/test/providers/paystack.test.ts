import { describeCatalogPreset } from '../support/catalog-presets.js';

describeCatalogPreset('paystack');
