import { Module } from '@nestjs/common';
import { DocumentsService } from './documents.service.js';

/** PDF and Excel rendering of documents built as plain data by the modules that own them. */
@Module({
  providers: [DocumentsService],
  exports: [DocumentsService],
})
export class DocumentsModule {}
